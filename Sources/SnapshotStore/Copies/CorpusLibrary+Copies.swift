import GRDB
import SnapshotFormat

/// How many other snapshots each article's story has (0 for most).
public struct CopyCounts: Sendable {
    private let counts: [Int64: Int]

    public init(_ counts: [Int64: Int] = [:]) {
        self.counts = counts
    }

    /// The count for the article numbered `docno`.
    public subscript(docno: Int64) -> Int { counts[docno] ?? 0 }
}

extension CorpusLibrary {
    /// The other snapshots of the story of the article at `path`, first
    /// published first; nil when no article is indexed there.
    public func copies(ofPath path: String) throws -> [CopySummary]? {
        try readRecovering { db in
            guard let docno = try Int64.fetchOne(db, sql: "SELECT docno FROM article WHERE path = ?", arguments: [path]) else { return nil }
            let others = try CopyGroups.copies(db, of: docno)
            guard !others.isEmpty else { return [] }
            let sql = "SELECT a.docno, a.path, a.id, a.title, a.source, a.published, c.captured FROM article a LEFT JOIN copy_signature c ON c.docno = a.docno WHERE a.docno IN ("
                + others.map { _ in "?" }.joined(separator: ",") + ") ORDER BY COALESCE(a.published, 9223372036854775807), a.docno"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(others)).map { row in
                CopySummary(docno: row[0], path: row[1], id: row[2], title: row[3], source: row[4],
                            publishedAt: (row[5] as Int64?).map { SnapshotTime(epochSeconds: $0) },
                            capturedAt: (row[6] as Int64?).map { SnapshotTime(epochSeconds: $0) })
            }
        }
    }

    /// How many other snapshots the stories of `docnos` have (of every
    /// article, when nil: one pass over the groups, only articles with copies
    /// have a row). Cheap either way: no article row is read.
    public func copyCounts(of docnos: [Int64]? = nil) throws -> CopyCounts {
        try readRecovering { db in
            guard let docnos else { return CopyCounts(try CopyGroups.copyCounts(db)) }
            var counts: [Int64: Int] = [:]
            var start = 0
            while start < docnos.count {
                let chunk = Array(docnos[start..<min(start + 500, docnos.count)])
                let sql = "SELECT g.docno, (SELECT COUNT(*) FROM copy_group h WHERE h.grp = g.grp) - 1 FROM copy_group g WHERE g.docno IN ("
                    + chunk.map { _ in "?" }.joined(separator: ",") + ")"
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) { counts[row[0]] = row[1] }
                start += chunk.count
            }
            return CopyCounts(counts)
        }
    }

    /// The articles `--distinct` leaves out: every copy but the first published of its story.
    public func laterCopies() throws -> Set<Int64> {
        try readRecovering { db in try CopyGroups.laterCopies(db) }
    }

    /// Every group of copies, each as its members' paths (for tests and tools).
    public func copyGroups() throws -> [[String]] {
        try readRecovering { db in
            var groups: [Int64: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT g.grp, a.path FROM copy_group g JOIN article a ON a.docno = g.docno")
            while let row = try rows.next() { groups[row[0], default: []].append(row[1]) }
            return groups.values.map { $0.sorted() }
        }
    }
}
