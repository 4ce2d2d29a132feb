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

    /// The files to read, when the diff was made from a list in memory
    /// (an update hands them to a spool instead, see `read` below).
    var toRead: [ScannedFile] = []
    /// How many files are to be read.
    var toReadCount = 0
    var removedPaths: [String] = []
    /// Unchanged, skipped, removed and examined, for the run's summary.
    var summary = IndexSummary()

    var hasChanges: Bool { toReadCount > 0 || !removedPaths.isEmpty }

    /// Compares the walk (sorted by the UTF-8 bytes of the path, as
    /// `CorpusScanner.scanSorted` gives it, one file at a time from
    /// `nextScanned`) with what the index knows, given in the same order by
    /// `nextKnown`: one pass over both, side by side, so that nothing per
    /// file is kept (a dictionary of a million paths took hundreds of
    /// megabytes, the walk's list 220). Each file to read goes to `read`.
    /// `retry` says whether a file kept as unreadable, and otherwise
    /// unchanged, should be read again.
    init(nextScanned: () throws -> ScannedFile?, nextKnown: () throws -> (path: String, known: Known)?,
         retry: (Known, ScannedFile) -> Bool = { _, _ in false }, read: (ScannedFile) throws -> Void) rethrows {
        var scanned = try nextScanned()
        var current = try nextKnown()
        while scanned != nil || current != nil {
            if let known = current, scanned.map({ known.path.utf8.lexicographicallyPrecedes($0.path.utf8) }) ?? true {
                // Known, and not found by the walk.
                removedPaths.append(known.path)
                if known.known.docno != nil { summary.removed += 1 }
                current = try nextKnown()
                continue
            }
            guard let file = scanned else { break }
            summary.filesExamined += 1
            scanned = try nextScanned()
            guard let known = current, known.path.utf8.elementsEqual(file.path.utf8) else {
                toReadCount += 1
                try read(file)
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
                toReadCount += 1
                try read(file)
            }
        }
    }

    /// The same from a walk in memory; the files to read are in `toRead`.
    init(scanned: [ScannedFile], nextKnown: () throws -> (path: String, known: Known)?,
         retry: (Known, ScannedFile) -> Bool = { _, _ in false }) rethrows {
        var files = scanned.makeIterator()
        var collected: [ScannedFile] = []
        try self.init(nextScanned: { files.next() }, nextKnown: nextKnown, retry: retry, read: { collected.append($0) })
        toRead = collected
    }

    /// The same from known files in any order (for tests and small sets).
    init(scanned: [ScannedFile], known: [String: Known], retry: (Known, ScannedFile) -> Bool = { _, _ in false }) {
        var sorted = known.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.makeIterator()
        self.init(scanned: scanned, nextKnown: { sorted.next().map { (path: $0.key, known: $0.value) } }, retry: retry)
    }

    /// Compares the walk with the `file` table, read in path order (its
    /// primary key: SQLite compares text bytewise, the walk's order).
    static func against(_ scanned: SortedFiles, in db: Database, retry: (Known, ScannedFile) -> Bool,
                        read: (ScannedFile) throws -> Void) throws -> ChangeDiff {
        let rows = try Row.fetchCursor(db, sql: "SELECT path, size, mtime, docno, problem FROM file ORDER BY path")
        return try ChangeDiff(nextScanned: { try scanned.next() }, nextKnown: {
            guard let row = try rows.next() else { return nil }
            return (path: row[0], known: Known(size: row[1], modified: row[2], docno: row[3], problem: row[4]))
        }, retry: retry, read: read)
    }
}
