import Foundation
import GRDB
import SnapshotFormat

/// Step 4 of an update: the files to read are parsed (a batch at a time, on
/// every core or on the calling thread) and each batch goes into the
/// database in one transaction: the article, its related items, its file's
/// row, its searchable text appended to the text store, and, when
/// `builder` is given, its characters to the character index. A file that
/// is not a snapshot is kept with its reason.
struct ArticleIngest {
    let root: String
    let database: DatabaseQueue
    let text: TextStore
    /// Files parsed between commits.
    var batchSize = 1000
    var parallel = true
    /// Where the copies step's band pass may spill its keys (beside the index).
    var spoolFolder = NSTemporaryDirectory()

    /// What was done: counts for the summary.
    struct Outcome: Equatable {
        var indexed = 0
        var skipped: [String: Int] = [:]
    }

    /// `files`: a list in memory, or the update's spool on disk (read in order, a batch at a time).
    func run<Files: RandomAccessCollection<ScannedFile>>(_ files: Files, builder: inout CharacterIndexBuilder?, started: Date = Date(),
             progress: ((IndexProgress) -> Void)? = nil, problem: ((SnapshotError) -> Void)? = nil) throws -> Outcome where Files.Index == Int {
        var outcome = Outcome()
        // Copies are grouped batch by batch, in the transaction of their articles.
        let grouper = try database.read { db in try CopyGrouper(db) }
        var related = try database.read { [spoolFolder] db in try RelatedItemStore.Writer(db, folder: spoolFolder) }
        // Dates too go in in key order once the batches are in.
        related.dateNow = false
        defer { related.close() }
        // CPU time of grouping: signatures on the parsing threads, then the writing thread's part.
        var signingSeconds = 0.0
        var groupingSeconds = 0.0
        // An index without a file yet (a cold index) has nothing to take out before each file goes in.
        let knowsFiles = try database.read { db in try Int64.fetchOne(db, sql: "SELECT 1 FROM file LIMIT 1") != nil }
        if !files.isEmpty { try database.write { db in try IndexDatabase.dropArticleIndexesIfEmpty(db) } }
        let spoolFolder = self.spoolFolder
        // The passes that write in key order what the batches left
        // (`finishPending`, `finishDates`, the article indexes), run in the
        // last batch's transaction: an update of one batch, most updates,
        // shows its articles with their groups and dates at once.
        func finish(_ db: Database) throws {
            let banding = Self.threadCPUSeconds()
            try grouper.finishPending(db, spoolFolder: spoolFolder)
            groupingSeconds += Self.threadCPUSeconds() - banding
            Trace.mark("update: copies banded and grouped")
            var passStart = Self.threadCPUSeconds()
            try RelatedItemStore.finishDates(db, spoolFolder: spoolFolder, collected: related.collected)
            Trace.mark("update: related items dated (\(Int((Self.threadCPUSeconds() - passStart) * 1000)) ms of CPU)")
            passStart = Self.threadCPUSeconds()
            try IndexDatabase.createArticleIndexes(db)
            Trace.mark("update: article indexes made (\(Int((Self.threadCPUSeconds() - passStart) * 1000)) ms of CPU)")
        }
        let characters = builder != nil
        func batchFrom(_ start: Int) -> [ScannedFile] { Array(files[start..<min(start + batchSize, files.count)]) }
        // While a batch is written (one thread: SQLite, the text store, the
        // character index), the next one is parsed on the others.
        var parsing: BackgroundThread<[Result<ParsedFile, SnapshotError>]>?
        defer { _ = parsing?.join() }
        // Wall time the writing thread spent waiting on the parse of its next batch.
        var waitingSeconds = 0.0
        var start = 0
        var batch = files.isEmpty ? [] : batchFrom(0)
        while start < files.count {
            let waitStart = Date()
            let results = parsing?.join() ?? parse(batch, characters: characters)
            waitingSeconds += Date().timeIntervalSince(waitStart)
            parsing = nil
            let nextStart = start + batch.count
            let nextBatch = nextStart < files.count ? batchFrom(nextStart) : []
            if parallel, !nextBatch.isEmpty {
                parsing = BackgroundThread { [self] in parse(nextBatch, characters: characters) }
            }
            try database.write { db in
                var copyEntries: [CopyEntry] = []
                for (file, result) in zip(batch, results) {
                    if knowsFiles, let docno = try FileRemoval.remove(file.path, in: db) { related.removed(docno: docno) }
                    switch result {
                    case .success(let parsed):
                        let article = parsed.article
                        let searchable = parsed.searchable
                        let docno = try insert(db, article: article, searchable: searchable, file: file, related: &related)
                        if let signature = parsed.copySignature {
                            copyEntries.append(CopyEntry(docno: docno, signature: signature, captured: article.snapshot.capturedAt?.epochSeconds))
                        }
                        signingSeconds += parsed.signingSeconds
                        builder?.add(docno: UInt32(docno), characters: parsed.characters)
                        outcome.indexed += 1
                    case .failure(let error):
                        try db.execute(sql: "INSERT INTO file(path, size, mtime, docno, problem, detail) VALUES (?, ?, ?, NULL, ?, ?)",
                                       arguments: [file.path, file.size, file.modified, error.problem.key, error.problem.message])
                        outcome.skipped[error.problem.key, default: 0] += 1
                        problem?(error)
                    }
                }
                let grouped = Self.threadCPUSeconds()
                try grouper.stage(db, copyEntries)
                groupingSeconds += Self.threadCPUSeconds() - grouped
                try related.flush(db)
                // The batch's text reaches the file before the rows naming it commit.
                try text.flush()
                if start + batch.count >= files.count {
                    Trace.mark("update: \(files.count) files read and inserted (\(Int(waitingSeconds * 1000)) ms waiting on the parse)")
                    try finish(db)
                }
            }
            start = nextStart
            batch = nextBatch
            progress?(IndexProgress(done: start, total: files.count, elapsed: Date().timeIntervalSince(started)))
        }
        // No file to read: what a killed run left is finished on its own.
        if files.isEmpty { try database.write { db in try finish(db) } }
        Trace.mark("update: grouping copies took \(Int((signingSeconds + groupingSeconds) * 1000)) ms of CPU"
                   + " (signatures \(Int(signingSeconds * 1000)) ms on the parsing threads, \(Int(groupingSeconds * 1000)) ms writing)")
        return outcome
    }

    /// This thread's CPU time, for timings that a loaded machine does not blur.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A file as the parsing threads leave it: the article, its searchable
    /// text and, when the character index grows as files are read, the
    /// text's distinct characters (the part of indexing that can run on
    /// every core; the writing thread only files the docno under each).
    struct ParsedFile {
        var article: Article
        var searchable: (bytes: [UInt8], titleLength: Int)
        var characters: [UInt32]
        /// The body's copy signature (nil when too short to group), and the CPU time it took.
        var copySignature: CopySignature?
        var signingSeconds: Double
    }

    private func parse(_ batch: [ScannedFile], characters: Bool) -> [Result<ParsedFile, SnapshotError>] {
        let slots = ParallelSlots<Result<ParsedFile, SnapshotError>?>(count: batch.count, initial: nil)
        let root = self.root
        CorpusScanner.forEach(batch.count, parallel: parallel) { index in
            let file = batch[index]
            if file.nameNotUTF8 {
                slots.set(index, .failure(SnapshotError(file: file.path, problem: .nameNotUTF8)))
                return
            }
            if let problem = file.problem {
                slots.set(index, .failure(SnapshotError(file: file.path, problem: problem)))
                return
            }
            slots.set(index, Result { () throws(SnapshotError) -> ParsedFile in
                let article = try SnapshotParser.parse(fileAt: root + "/" + file.path, displayName: file.path)
                let searchable = SearchableText.make(article)
                let found = characters ? searchable.bytes.withUnsafeBytes { CharacterIndexBuilder.characters(of: $0) } : []
                let signing = Self.threadCPUSeconds()
                let signature = CopySignature(body: article.body)
                return ParsedFile(article: article, searchable: searchable, characters: found,
                                  copySignature: signature, signingSeconds: Self.threadCPUSeconds() - signing)
            })
        }
        return slots.values.map { $0 ?? .failure(SnapshotError(file: "?", problem: .unreadable("not parsed"))) }
    }

    private func insert(_ db: Database, article: Article, searchable: (bytes: [UInt8], titleLength: Int), file: ScannedFile,
                        related: inout RelatedItemStore.Writer) throws -> Int64 {
        let offset = try text.append(searchable.bytes)
        let place = try related.place(article.related, db: db)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO article(id, path, title, category, source, published, byline, site, url, related_count,
                                warnings, text_offset, text_length, title_length, related_frame, related_start, related_length)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            article.id, file.path, article.title, article.category, article.source, article.publishedAt?.epochSeconds,
            article.byline, article.snapshot.site, article.snapshot.originalURL, article.related.count,
            article.warnings.isEmpty ? nil : article.warnings.joined(separator: "; "),
            offset, searchable.bytes.count, searchable.titleLength, place?.frame, place?.start, place?.length,
        ])
        let docno = db.lastInsertedRowID
        try related.date(article.related, docno: docno, db: db)
        try db.cachedStatement(sql: "INSERT INTO file(path, size, mtime, docno, problem, detail) VALUES (?, ?, ?, ?, NULL, NULL)")
            .execute(arguments: [file.path, file.size, file.modified, docno])
        return docno
    }
}
