import GRDB

/// Step 2 of an update: what the walk found against what the index knows.
/// Files new or changed (size or time) are to be read again, files the
/// index knows and the walk did not find are removed, the rest counted as
/// unchanged or skipped under their old reason. Pure: no disk, no database.
struct ChangeDiff {
    /// What the index knows of a file.
    struct Known {
        var size: Int64
        var modified: Int64
        var docno: Int64?
        var problem: String?
    }

    var toRead: [ScannedFile] = []
    var removedPaths: [String] = []
    /// Unchanged, skipped, removed and examined, for the run's summary.
    var summary = IndexSummary()

    var hasChanges: Bool { !toRead.isEmpty || !removedPaths.isEmpty }

    /// Compares the walk (sorted by the UTF-8 bytes of the path, as
    /// `CorpusScanner.scan` returns it) with what the index knows, given in
    /// the same order by `nextKnown`: one pass over both, side by side, so
    /// that nothing per known file is kept (a dictionary of a million paths
    /// took hundreds of megabytes). `retry` says whether a file kept as
    /// unreadable, and otherwise unchanged, should be read again.
    init(scanned: [ScannedFile], nextKnown: () throws -> (path: String, known: Known)?,
         retry: (Known, ScannedFile) -> Bool = { _, _ in false }) rethrows {
        summary.filesExamined = scanned.count
        var index = 0
        var current = try nextKnown()
        while index < scanned.count || current != nil {
            if let known = current, index == scanned.count || known.path.utf8.lexicographicallyPrecedes(scanned[index].path.utf8) {
                // Known, and not found by the walk.
                removedPaths.append(known.path)
                if known.known.docno != nil { summary.removed += 1 }
                current = try nextKnown()
                continue
            }
            let file = scanned[index]
            index += 1
            guard let known = current, known.path.utf8.elementsEqual(file.path.utf8) else {
                toRead.append(file)
                continue
            }
            current = try nextKnown()
            let old = known.known
            if old.size == file.size, old.modified == file.modified, !retry(old, file) {
                if let reason = old.problem {
                    summary.skipped[reason, default: 0] += 1
                } else {
                    summary.unchanged += 1
                }
            } else {
                toRead.append(file)
            }
        }
    }

    /// The same from known files in any order (for tests and small sets).
    init(scanned: [ScannedFile], known: [String: Known], retry: (Known, ScannedFile) -> Bool = { _, _ in false }) {
        var sorted = known.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.makeIterator()
        self.init(scanned: scanned, nextKnown: { sorted.next().map { (path: $0.key, known: $0.value) } }, retry: retry)
    }

    /// Compares the walk with the `file` table, read in path order (its
    /// primary key: SQLite compares text bytewise, the walk's order).
    static func against(_ scanned: [ScannedFile], in db: Database, retry: (Known, ScannedFile) -> Bool) throws -> ChangeDiff {
        let rows = try Row.fetchCursor(db, sql: "SELECT path, size, mtime, docno, problem FROM file ORDER BY path")
        return try ChangeDiff(scanned: scanned, nextKnown: {
            guard let row = try rows.next() else { return nil }
            return (path: row[0], known: Known(size: row[1], modified: row[2], docno: row[3], problem: row[4]))
        }, retry: retry)
    }
}
