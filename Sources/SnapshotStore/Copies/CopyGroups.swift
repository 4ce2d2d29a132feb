import Foundation
import GRDB
import SnapshotFormat

/// The groups of snapshots that tell one story, kept in the index database
/// and brought up to date file by file: a new article is compared with the
/// articles that share a band of its signature and joins (or merges) their
/// groups; a removed one leaves its group, which is split again if it held
/// the group together. Only articles with at least one copy have a group row.
enum CopyGroups {
    /// At most this many earlier members of a band are compared with a new one.
    static let comparedPerBand = 64

    /// The tables (migration v3).
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE copy_signature (docno INTEGER PRIMARY KEY, signature BLOB NOT NULL, captured INTEGER);
            CREATE TABLE copy_band (band INTEGER NOT NULL, docno INTEGER NOT NULL, PRIMARY KEY (band, docno)) WITHOUT ROWID;
            CREATE TABLE copy_group (docno INTEGER PRIMARY KEY, grp INTEGER NOT NULL);
            CREATE INDEX copy_group_grp ON copy_group(grp);
            """)
    }

    /// The tables of counted paragraphs and of articles taken out whose
    /// group waits to be regrouped (migration v9).
    static func createCountTables(_ db: Database) throws {
        try ParagraphCounts.createTable(db)
        try db.execute(sql: "CREATE TABLE copy_removed (docno INTEGER PRIMARY KEY, grp INTEGER, paragraphs BLOB)")
    }

    /// Writes the components found into the group table, merging them with
    /// the groups their members already belong to.
    static func record(_ db: Database, _ found: UnionFind) throws {
        var unions = found
        var components: [Int64: [Int64]] = [:]
        for node in unions.nodes { components[unions.find(node), default: []].append(node) }
        for (_, nodes) in components where nodes.count > 1 {
            var members = Set(nodes)
            var oldGroups = Set<Int64>()
            for node in nodes {
                if let group = try Int64.fetchOne(db, sql: "SELECT grp FROM copy_group WHERE docno = ?", arguments: [node]) {
                    oldGroups.insert(group)
                }
            }
            for group in oldGroups {
                members.formUnion(try Int64.fetchAll(db, sql: "SELECT docno FROM copy_group WHERE grp = ?", arguments: [group]))
            }
            guard let group = members.min() else { continue }
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_group(docno, grp) VALUES (?, ?)")
            for member in members { try statement.execute(arguments: [member, group]) }
        }
    }

    static func signature(_ db: Database, _ docno: Int64, _ known: inout [Int64: CopySignature]) throws -> CopySignature? {
        if let signature = known[docno] { return signature }
        guard let blob = try Data.fetchOne(db, sql: "SELECT signature FROM copy_signature WHERE docno = ?", arguments: [docno]),
              let signature = CopySignature(blob: blob) else { return nil }
        known[docno] = signature
        return signature
    }

    /// Takes an article out: its signature and its bands at once; its
    /// place in its group and its paragraphs' counts wait in
    /// `copy_removed` for `settleRemovals`, which regroups the other
    /// members (with the counts the update leaves).
    static func remove(_ db: Database, docno: Int64) throws {
        var known: [Int64: CopySignature] = [:]
        var counted: Data? = nil
        if let signature = try signature(db, docno, &known) {
            let statement = try db.cachedStatement(sql: "DELETE FROM copy_band WHERE band = ? AND docno = ?")
            for key in signature.bandKeys { try statement.execute(arguments: [key, docno]) }
            try db.execute(sql: "DELETE FROM copy_signature WHERE docno = ?", arguments: [docno])
            // A signature still pending was not counted yet.
            let pending = try IndexDatabase.meta(db, CopyGrouper.pendingKey)
            if pending.map({ docno < $0 }) ?? true { counted = signature.blob }
        }
        let group = try Int64.fetchOne(db, sql: "SELECT grp FROM copy_group WHERE docno = ?", arguments: [docno])
        guard counted != nil || group != nil else { return }
        try db.execute(sql: "DELETE FROM copy_group WHERE docno = ?", arguments: [docno])
        // The whole signature is kept; `settleRemovals` counts out its paragraphs.
        try db.execute(sql: "INSERT OR REPLACE INTO copy_removed(docno, grp, paragraphs) VALUES (?, ?, ?)",
                       arguments: [docno, group, counted])
    }

    /// What the articles taken out since the last update left to do: their
    /// paragraphs counted out, and each group they were in regrouped from
    /// its members' signatures.
    static func settleRemovals(_ db: Database, counts: ParagraphCounts) throws {
        var groups = Set<Int64>()
        var wereCommon = Set<ParagraphCounts.Key>()
        let rows = try Row.fetchCursor(db, sql: "SELECT grp, paragraphs FROM copy_removed")
        while let row = try rows.next() {
            if let group: Int64 = row[0] { groups.insert(group) }
            if let blob: Data = row[1], let signature = CopySignature(blob: blob) {
                for paragraph in signature.paragraphs {
                    for key in ParagraphCounts.keys(paragraph) where counts.count(key) >= ParagraphCounts.commonCount { wereCommon.insert(key) }
                }
                counts.add(signature.paragraphs, delta: -1)
            }
        }
        try db.execute(sql: "DELETE FROM copy_removed")
        var known: [Int64: CopySignature] = [:]
        for group in groups.sorted() { try regroup(db, group, counts: counts, known: &known) }
        try compareHoldersAgain(of: wereCommon.filter { counts.count($0) < ParagraphCounts.commonCount }, db, counts: counts)
    }

    /// The articles holding a paragraph with one of `paragraphs` as its
    /// hash or ends (no longer common: most of its holders left), each
    /// compared again with the members of its bands, as a cold index would
    /// compare them: what the paragraph kept apart
    /// may now be one story. One pass over the signatures, only then.
    static func compareHoldersAgain(of paragraphs: Set<ParagraphCounts.Key>, _ db: Database, counts: ParagraphCounts) throws {
        guard !paragraphs.isEmpty else { return }
        var holders: [(Int64, CopySignature)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT docno, signature FROM copy_signature")
        while let row = try rows.next() {
            guard let signature = CopySignature(blob: row[1]),
                  signature.holdsAny(of: paragraphs) else { continue }
            holders.append((row[0], signature))
        }
        var known: [Int64: CopySignature] = Dictionary(holders, uniquingKeysWith: { first, _ in first })
        var unions = UnionFind()
        let members = try db.cachedStatement(sql: "SELECT docno FROM copy_band WHERE band = ? ORDER BY docno LIMIT \(comparedPerBand)")
        for (docno, signature) in holders {
            for key in signature.bandKeys {
                for other in try Int64.fetchAll(members, arguments: [key]) where other != docno && unions.find(other) != unions.find(docno) {
                    if let theirs = try self.signature(db, other, &known), signature.isCopy(of: theirs, isBoilerplate: counts.isCommon) {
                        unions.union(docno, other)
                    }
                }
            }
        }
        try record(db, unions)
    }

    /// The groups holding an article with a paragraph keyed by one of
    /// `paragraphs` (which just became common), each regrouped with the counts: what a cold index
    /// would have decided for them.
    static func regroupHolders(of paragraphs: Set<ParagraphCounts.Key>, _ db: Database, counts: ParagraphCounts) throws {
        guard !paragraphs.isEmpty else { return }
        var known: [Int64: CopySignature] = [:]
        var groups = Set<Int64>()
        let rows = try Row.fetchCursor(db, sql: "SELECT g.grp, s.signature FROM copy_group g JOIN copy_signature s ON s.docno = g.docno")
        while let row = try rows.next() {
            let group: Int64 = row[0]
            guard !groups.contains(group), let signature = CopySignature(blob: row[1]) else { continue }
            if signature.holdsAny(of: paragraphs) { groups.insert(group) }
        }
        for group in groups.sorted() { try regroup(db, group, counts: counts, known: &known) }
    }

    /// A group's members compared again, pair by pair, and recorded as the
    /// groups they then make.
    private static func regroup(_ db: Database, _ group: Int64, counts: ParagraphCounts, known: inout [Int64: CopySignature]) throws {
        let members = try Int64.fetchAll(db, sql: "SELECT docno FROM copy_group WHERE grp = ?", arguments: [group])
        try db.execute(sql: "DELETE FROM copy_group WHERE grp = ?", arguments: [group])
        guard members.count > 1 else { return }
        var unions = UnionFind()
        for (position, a) in members.enumerated() {
            for b in members[(position + 1)...] where unions.find(a) != unions.find(b) {
                if let left = try signature(db, a, &known), let right = try signature(db, b, &known),
                   left.isCopy(of: right, isBoilerplate: counts.isCommon) {
                    unions.union(a, b)
                }
            }
        }
        try record(db, unions)
    }

    /// The docnos `--distinct` leaves out, as a subquery: the members of a
    /// group (those passing `among`, a condition over `x`) with an earlier
    /// published one (or as early, and a lower docno) passing `earlier`, a
    /// condition over `y`.
    static func laterCopiesSQL(among: String = "1", earlier: String = "1") -> String {
        """
        SELECT g.docno FROM copy_group g JOIN article x ON x.docno = g.docno
        WHERE (\(among)) AND EXISTS (SELECT 1 FROM copy_group h JOIN article y ON y.docno = h.docno
                      WHERE h.grp = g.grp AND h.docno != g.docno AND (\(earlier))
                        AND (COALESCE(y.published, 9223372036854775807), y.docno) < (COALESCE(x.published, 9223372036854775807), x.docno))
        """
    }

    /// The other articles of `docno`'s story.
    static func copies(_ db: Database, of docno: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT docno FROM copy_group WHERE grp = (SELECT grp FROM copy_group WHERE docno = ?) AND docno != ? ORDER BY docno
            """, arguments: [docno, docno])
    }

    /// For every article with copies, how many other snapshots its story has.
    static func copyCounts(_ db: Database) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT docno, COUNT(*) OVER (PARTITION BY grp) FROM copy_group")
        while let row = try rows.next() { counts[row[0]] = (row[1] as Int) - 1 }
        return counts
    }

    /// The articles `--distinct` leaves out: in each group, all but the one
    /// first published (the lowest docno when they tie or have no time).
    static func laterCopies(_ db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: laterCopiesSQL()))
    }
}

/// What grouping keeps of a new article: its signature and capture time
/// (which `copies` lists; the article table does not hold it).
struct CopyEntry {
    var docno: Int64
    var signature: CopySignature
    var captured: Int64?

    /// The entry for a parsed article; nil when its body is too short to group.
    init?(docno: Int64, article: Article) {
        guard let signature = CopySignature(body: article.body) else { return nil }
        self.docno = docno
        self.signature = signature
        captured = article.snapshot.capturedAt?.epochSeconds
    }

    /// The entry of a signature made already (on a parsing thread).
    init(docno: Int64, signature: CopySignature, captured: Int64?) {
        self.docno = docno
        self.signature = signature
        self.captured = captured
    }
}

/// Union-find over document numbers, with path halving.
struct UnionFind {
    private var parent: [Int64: Int64] = [:]

    var nodes: Dictionary<Int64, Int64>.Keys { parent.keys }

    mutating func find(_ node: Int64) -> Int64 {
        if parent[node] == nil { parent[node] = node }
        var current = node
        while let up = parent[current], up != current {
            let grand = parent[up] ?? up
            parent[current] = grand
            current = grand
        }
        return current
    }

    mutating func union(_ a: Int64, _ b: Int64) {
        let rootA = find(a), rootB = find(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }
}
