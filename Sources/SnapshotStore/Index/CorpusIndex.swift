import Dispatch
import Foundation
import GRDB
import SnapshotFormat
import Synchronization

/// The index of one corpus folder: the SQLite database, the text store and
/// the character index beside it. `update()` brings it up to date with the
/// files, re-reading only what was added, changed or removed.
///
/// Every file of the index is a cache: each is checked when it is opened
/// (the text store as it is read), and any damage throws all of them away
/// and rebuilds the index, with one line to `onDamage`.
///
/// `@unchecked Sendable`: the mutable state that threads share (the loaded
/// character index, the change monitor, the damage reporter, the last
/// generation seen) is behind `state`, a `Locked`; `text` follows its own
/// rule (written only by the thread that updates, while no search runs).
public final class CorpusIndex: @unchecked Sendable {
    /// The corpus folder, absolute.
    public let root: String
    public let database: IndexDatabase
    let text: TextStore
    let characterIndexPath: String
    /// The titles' own postings (`TitleIndex`), made with each character index.
    let titleIndexPath: String
    private let lockPath: String
    /// The text store's file is this, or this plus `-N` after N compactions.
    private let textBasePath: String
    private let fileStatePath: String
    private let watchTokenPath: String

    private struct State {
        var loadedCharacterIndex: CharacterIndex?
        var loadedTitleIndex: TitleIndex?
        var changeMonitor: (any ChangeMonitor)?
        var onDamage: (@Sendable (String) -> Void)?
        var lastSeenGeneration: Int64?
    }
    private let state = Locked(State())

    /// Lets `update()` skip its stat of every file while nothing changed
    /// (see `CorpusWatcher`). Without one, every update stats every file.
    public var changeMonitor: (any ChangeMonitor)? {
        get { state.withLock { $0.changeMonitor } }
        set { state.withLock { $0.changeMonitor = newValue } }
    }

    /// Hears one line (naming the file and the reason) each time a damaged
    /// cache file is thrown away; by default, `defaultDamageReporter`.
    public var onDamage: @Sendable (String) -> Void {
        get { state.withLock { $0.onDamage } ?? CorpusIndex.defaultDamageReporter }
        set { state.withLock { $0.onDamage = newValue } }
    }

    private static let processReporter = Locked<@Sendable (String) -> Void>({ line in
        FileHandle.standardError.write(Data("snapread: \(line)\n".utf8))
    })

    /// Where indexes that were given no `onDamage` report, in this process:
    /// `snapread: LINE` on stderr, unless a user interface that owns the
    /// terminal takes the lines instead.
    public static var defaultDamageReporter: @Sendable (String) -> Void {
        get { processReporter.withLock { $0 } }
        set { processReporter.withLock { $0 = newValue } }
    }

    /// How many files are parsed between commits.
    static let batchSize = 1000

    /// Opens the index of `corpus`, at `databasePath` or at the default place.
    /// A damaged database is replaced by an empty one (reported to
    /// `onDamage`, by default on stderr).
    public init(corpus: String, databasePath: String? = nil, locations: StoreLocations = StoreLocations(),
                onDamage: (@Sendable (String) -> Void)? = nil) throws {
        root = StoreLocations.canonicalPath(corpus)
        var info = stat()
        guard stat(root, &info) == 0 else { throw StoreError.io(corpus, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.notADirectory(corpus) }
        let path = databasePath ?? locations.indexDatabase(forCorpus: root)
        database = try IndexDatabase(path: path, onDamage: { (onDamage ?? CorpusIndex.defaultDamageReporter)(CorpusIndex.damageLine($0)) })
        text = TextStore(path: path + ".text")
        textBasePath = path + ".text"
        characterIndexPath = path + ".chars"
        titleIndexPath = path + ".titles"
        lockPath = path + ".lock"
        fileStatePath = path + ".state"
        watchTokenPath = path + ".watch"
        state.withLock { $0.onDamage = onDamage }
        if path != ":memory:" {
            CorpusIndex.removeLeftovers(besides: path)
            // Each file is checked as it is read; one that is not a file at
            // all (a directory, a FIFO) is found here, before an open waits on it.
            if let (file, problem) = CorpusIndex.entryProblem(besides: path) {
                try discardDamagedCache(StoreError.damaged(file: file, reason: problem))
            }
        }
    }

    /// The first cache file beside the database at `path` that is not a
    /// regular file one can read, and why (see `FileEntry`).
    static func entryProblem(besides path: String) -> (file: String, problem: String)? {
        let folder = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            name.hasPrefix(base + ".text") || [".chars", ".state", ".watch", ".links"].contains { name == base + $0 }
        }
        for name in names.sorted() {
            if let problem = FileEntry.problem(folder + "/" + name) { return (folder + "/" + name, problem) }
        }
        return nil
    }

    /// The line a damaged file is reported with.
    static func damageLine(_ error: any Error) -> String {
        if case StoreError.damaged(let file, let reason) = error { return "\(file): damaged cache (\(reason)); rebuilding the index" }
        return "the index is damaged (\(error)); rebuilding it"
    }

    /// Whether `error` says a cache file is damaged (then the cache is
    /// thrown away and rebuilt, see `discardDamagedCache`).
    public static func isDamage(_ error: any Error) -> Bool {
        if case StoreError.damaged = error { return true }
        return IndexDatabase.isCorruption(error)
    }

    /// Temporary files (`index.sqlite.chars.tmp-PID` and the like) that a
    /// process which is no longer running left behind when a write failed.
    static func removeLeftovers(besides path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(base) {
            guard let marker = name.range(of: ".tmp-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    // MARK: - Updating

    /// Brings the index up to date. `problem` hears of each newly read file
    /// that is not a snapshot; `progress` of each batch.
    /// `parallel: false` keeps the work on the calling thread, leaving the
    /// other cores to a user interface. A damaged cache is thrown away and
    /// rebuilt (one line to `onDamage`), and the update then done on it.
    /// SQLite's other errors (a full disk) name the database file.
    @discardableResult
    public func update(parallel: Bool = true, progress: ((IndexProgress) -> Void)? = nil,
                       problem: ((SnapshotError) -> Void)? = nil) throws -> IndexSummary {
        do {
            return try updateRecovering(parallel: parallel, progress: progress, problem: problem)
        } catch let error as DatabaseError where !IndexDatabase.isCorruption(error) {
            throw StoreError.io(database.path, "\(UserDataProblem.words(of: error)); the index is not up to date")
        }
    }

    private func updateRecovering(parallel: Bool, progress: ((IndexProgress) -> Void)?,
                                  problem: ((SnapshotError) -> Void)?) throws -> IndexSummary {
        var summary: IndexSummary
        do {
            summary = try updateOnce(parallel: parallel, progress: progress, problem: problem)
        } catch where CorpusIndex.isDamage(error) {
            try discardDamagedCache(error)
            summary = try updateOnce(parallel: parallel, progress: progress, problem: problem)
        }
        let generation = try database.writer.read { db in try IndexDatabase.meta(db, "chars_generation") }
        summary.indexChanged = state.withLock { state in
            defer { state.lastSeenGeneration = generation }
            return state.lastSeenGeneration == nil || state.lastSeenGeneration != generation
        }
        return summary
    }

    /// Throws away every file of the index after `error` found one damaged
    /// (saying so, once, to `onDamage`), leaving an empty index to rebuild.
    /// Another process that found the same damage first and rebuilt since
    /// is not undone: the damaged file is looked at again under the lock.
    public func discardDamagedCache(_ error: any Error) throws {
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        if case StoreError.damaged(let file, _) = error, !stillDamaged(file) { return }
        onDamage(CorpusIndex.damageLine(IndexDatabase.isCorruption(error) ? StoreError.damaged(file: database.path, reason: IndexDatabase.words(of: error)) : error))
        state.withLock { $0.loadedCharacterIndex = nil }
        text.retarget(textBasePath)
        text.verification = nil
        if IndexDatabase.isCorruption(error) {
            try database.replaceDamaged()
        } else {
            do {
                try database.writer.write { db in
                    try IndexDatabase.deleteEverything(db)
                }
            } catch where IndexDatabase.isCorruption(error) {
                try database.replaceDamaged()
            }
        }
        let folder = (database.path as NSString).deletingLastPathComponent
        let base = (database.path as NSString).lastPathComponent
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(base + ".text") || [".chars", ".chars" + VerifiedMark.suffix, ".titles", ".state", ".watch", ".links"].contains(where: { name == base + $0 }) {
            FileEntry.remove(folder + "/" + name)
        }
    }

    /// Whether the cache file named in a damage report is still damaged
    /// (another process may have rebuilt the index meanwhile).
    private func stillDamaged(_ file: String) -> Bool {
        if FileEntry.problem(file) != nil { return true }
        do {
            switch file {
            case characterIndexPath: _ = try CharacterIndex.load(path: file)
            case fileStatePath: _ = try FileState.load(path: file)
            case watchTokenPath: _ = try WatchTokenFile.load(path: file)
            default:
                // The text store: damaged unless the character index that
                // vouched for it was replaced.
                guard let loaded = state.withLock({ $0.loadedCharacterIndex }) else { return true }
                let current = try CharacterIndex.load(path: characterIndexPath)
                return current?.generation == loaded.generation
            }
            return false
        } catch {
            return true
        }
    }

    private func updateOnce(parallel: Bool, progress: ((IndexProgress) -> Void)?,
                            problem: ((SnapshotError) -> Void)?) throws -> IndexSummary {
        let started = Date()
        Trace.mark("update: start")
        defer { Trace.mark("update: done") }
        // Taken before anything is looked at: changes from here on move it on.
        let token = changeMonitor?.currentToken(root: root)
        if let summary = try quickCheck(parallel: parallel, token: token) {
            var result = summary
            result.seconds = Date().timeIntervalSince(started)
            return result
        }
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }

        // 1. Scan, 2. diff against what the index knows. The files to read
        // wait on disk, and the ingest takes them a batch at a time.
        let toRead = try ScannedFileSpool(folder: spoolFolder)
        let diff = try scanAndDiff(parallel: parallel, into: toRead)
        let hasChanges = diff.hasChanges
        var summary = diff.summary

        let base = try currentCharacterIndexFile()
        let fileState = FileStateStep(database: database.writer, path: fileStatePath, watchTokenPath: watchTokenPath)
        guard hasChanges || base == nil else {
            try fileState.write(token: token)
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        // From here until the character index is written again, it does not
        // describe the database: say so first, so a killed run is repaired.
        try database.writer.write { db in try IndexDatabase.setMeta(db, "chars_generation", -1) }
        let textEnd = try database.writer.read { db in try IndexDatabase.textEnd(db) }
        try followTextFile()
        try text.openForAppending(validLength: textEnd)
        // 3. Removed files leave.
        if !diff.removedPaths.isEmpty {
            try database.writer.write { db in try FileRemoval.remove(diff.removedPaths, in: db) }
        }
        // The character index grows as files are read when the old one is
        // mostly alive (or there is none yet); else it is built afresh below.
        var builder: CharacterIndexBuilder? = nil
        if let base, try deadFraction(capacity: base.documentCapacity) < 0.3 {
            var loaded = CharacterIndexBuilder()
            loaded.load(base)
            builder = loaded
        } else if textEnd == 0 {
            builder = CharacterIndexBuilder()
        }
        let incremental = builder != nil
        // 4. Parse and insert. A background update holds fewer parsed articles at a time.
        let ingest = ArticleIngest(root: root, database: database.writer, text: text,
                                   batchSize: parallel ? CorpusIndex.batchSize : CorpusIndex.batchSize / 4, parallel: parallel,
                                   spoolFolder: spoolFolder)
        let outcome = try ingest.run(toRead, builder: &builder, started: started, progress: progress, problem: problem)
        summary.indexed += outcome.indexed
        summary.skipped.merge(outcome.skipped, uniquingKeysWith: +)
        Trace.mark("update: \(toRead.count) files read")
        try text.synchronize()
        // 5. Compact the text store, 6. the document table.
        try TextCompaction(database: database.writer, text: text, basePath: textBasePath, minimum: CorpusIndex.compactionMinimum).runIfWasteful()
        do {
            // The builder and the tables go once the file is written, before the link step.
            let table = try DocumentTable.read(from: database.writer, folder: spoolFolder)
            Trace.mark("update: document table made")
            // 7. The character index, 8. the file state.
            var characters = builder ?? CharacterIndexBuilder()
            builder = nil
            if !incremental { try CharacterIndexStep.fill(&characters, from: text, documents: table.documents) }
            try CharacterIndexStep(database: database.writer, text: text, path: characterIndexPath, titlesPath: titleIndexPath)
                .write(&characters, table: table, previous: base)
        }
        state.withLock { $0.loadedCharacterIndex = nil }
        Trace.mark("update: character index written")
        try fileState.write(token: token)
        // The write-ahead log's pages into the database file, where each
        // page's checksum is checked as it is read (DECISIONS: "Every page
        // of index.sqlite carries a checksum"); readers in the way are not waited for.
        if database.path != ":memory:" { _ = try? database.writer.writeWithoutTransaction { try $0.checkpoint(.passive) } }
        // 9. The link table, after the rest is whole: should it fail, a thread builds it.
        // What the steps before it freed (the builders, the tables, the
        // fingerprints) goes back to the system first, not under its peak.
        FreedHeap.giveBack()
        Trace.mark("update: freed memory given back")
        if database.path != ":memory:" {
            try LinkTableStep(database: database.writer, text: text, path: LinkTableFile.path(forDatabase: database.path),
                              parallel: parallel, problem: onDamage).run(characters: try characterIndex())
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Steps 1 and 2: the walk and the diff. The walk's files come back in
    /// path order from runs on disk (`WalkRuns`), and the files to read go
    /// to `spool`: no list of every file is held in memory.
    private func scanAndDiff(parallel: Bool, into spool: ScannedFileSpool) throws -> ChangeDiff {
        let scanned = try CorpusScanner.scanSorted(root: root, parallel: parallel, folder: spoolFolder)
        Trace.mark("update: \(scanned.count) files found")
        let root = self.root
        let diff = try database.writer.read { db in
            try ChangeDiff.against(scanned, in: db, retry: { old, file in CorpusIndex.retryOpens(old.problem, file, root: root) },
                                   read: { try spool.append($0) })
        }
        try spool.finishWriting()
        Trace.mark("update: \(diff.toReadCount) files to read")
        return diff
    }

    /// Where the scan's spool is written: beside the index (an in-memory one, in tests: the temporary folder).
    private var spoolFolder: String {
        database.path == ":memory:" ? NSTemporaryDirectory() : (database.path as NSString).deletingLastPathComponent
    }

    // MARK: - Character index upkeep

    /// The character index file, checked, when it describes the database as
    /// it is; nil when it does not (or there is none). Throws
    /// `StoreError.damaged` when the file the database names is damaged.
    private func currentCharacterIndexFile() throws -> CharacterIndex? {
        let expected = try database.writer.read { db in try IndexDatabase.meta(db, "chars_generation") }
        guard let expected, expected >= 0 else { return nil }
        if let loaded = state.withLock({ $0.loadedCharacterIndex }), Int64(bitPattern: loaded.generation) == expected { return loaded }
        guard let file = try loadCharacterIndexFile() else { return nil }
        guard Int64(bitPattern: file.generation) == expected else {
            // Another process is between writing the file and the database.
            return nil
        }
        state.withLock { $0.loadedCharacterIndex = file }
        return file
    }

    /// Every article in list order (newest first), as the character index
    /// file keeps it (4-byte docnos, copied as they are); nil while that
    /// file does not describe the database. The mapped pages copied are let
    /// go (4 MB at a million articles, which the copy holds already).
    func listOrder() throws -> [UInt32]? {
        guard let file = try currentCharacterIndexFile() else { return nil }
        let order = file.withRankOrder { ranked in
            [UInt32](unsafeUninitializedCapacity: ranked.count / 4) { buffer, count in
                for rank in 0..<(ranked.count / 4) {
                    buffer[rank] = UInt32(littleEndian: ranked.loadUnaligned(fromByteOffset: rank * 4, as: UInt32.self))
                }
                count = ranked.count / 4
            }
        }
        file.releaseRankOrderPages()
        return order
    }

    private func loadCharacterIndexFile() throws -> CharacterIndex? {
        try CharacterIndex.load(path: characterIndexPath)
    }

    /// When the saved file state matches the files on disk and the index is
    /// whole, the summary of a run that would change nothing; else nil.
    /// A `token` the watcher gave when this index was last known to match the
    /// files, and unchanged since, stands for the stat of every file.
    /// The character index file is checked (whole) here, once per process
    /// and generation, so that what follows reads only a good one.
    private func quickCheck(parallel: Bool, token: ChangeToken?) throws -> IndexSummary? {
        Trace.mark("update: the watcher answered")
        let lock = try FileLock(path: lockPath, shared: true)
        defer { lock.unlock() }
        guard let expected = try database.writer.read({ db in try IndexDatabase.meta(db, "chars_generation") }), expected >= 0,
              // The fingerprints of every file are read only when they are compared.
              let state = try FileState.load(path: fileStatePath, fingerprints: false), state.generation == expected,
              try currentCharacterIndexFile() != nil
        else { return nil }
        Trace.mark("update: character index checked")
        // A file that could not be read may be readable now with nothing else changed (chmod).
        if state.skipped[CorpusIndex.unreadableKey] != nil, try unreadableFileOpensNow() { return nil }
        var summary = IndexSummary()
        if let token, let saved = try WatchTokenFile.load(path: watchTokenPath), saved.token == token, saved.generation == expected {
            Trace.mark("update: the watcher saw no change")
        } else {
            let fingerprints = try CorpusScanner.fingerprints(root: root, parallel: parallel)
            guard let saved = try FileState.load(path: fileStatePath), saved.generation == expected,
                  fingerprints == saved.fingerprints else { return nil }
            if let token { WatchTokenFile(token: token, generation: expected).write(to: watchTokenPath) }
            summary.filesExamined = fingerprints.count
        }
        summary.unchanged = state.goodFiles
        summary.skipped = state.skipped
        return summary
    }

    /// The share of document numbers up to `capacity` that no longer name an article.
    private func deadFraction(capacity: Int) throws -> Double {
        guard capacity > 0 else { return 0 }
        let live = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article WHERE docno < ?", arguments: [capacity]) ?? 0 }
        return Double(capacity - live) / Double(capacity)
    }

    /// Maps the text store (again, if it grew or was replaced) for reading,
    /// its reads checked against the checksums of the current character
    /// index (unchecked while there is none, during an update).
    func ensureTextMapped() throws {
        try mapText(checkedBy: try? currentCharacterIndexFile())
    }

    private func mapText(checkedBy characters: CharacterIndex?) throws {
        try followTextFile()
        let textGeneration = try database.writer.read { db in try IndexDatabase.meta(db, "text_generation") } ?? 0
        guard let sums = characters?.textSums, sums.textGeneration == textGeneration else {
            text.verification = nil
            try text.mapForReading()
            return
        }
        try text.mapForReading(known: sums.frames)
        guard text.storedSize >= sums.storedLength else {
            throw StoreError.damaged(file: text.path, reason: "truncated (\(text.storedSize) bytes, \(sums.storedLength) expected)")
        }
        if text.verification?.sums != sums { text.verification = TextVerification(sums: sums, path: text.path) }
    }

    /// Points the text store at the file the database names (a compaction
    /// in another process may have replaced it).
    private func followTextFile() throws {
        let generation = try database.writer.read { db in try IndexDatabase.meta(db, "text_generation") } ?? 0
        text.retarget(generation == 0 ? textBasePath : textBasePath + "-\(generation)")
    }

    /// Below this the text store is never compacted.
    static let compactionMinimum = 1 << 20

    /// The character index for searching, loaded once per process and
    /// generation (another process's update is seen at the next call).
    /// The title postings made for `characters`: the file when it matches,
    /// else made again from the character index's list fields and saved
    /// (an index from before there were title postings, or a damaged file);
    /// nil when that fails too (the search then reads titles as it walks).
    func titleIndex(for characters: CharacterIndex) -> TitleIndex? {
        if let loaded = state.withLock({ $0.loadedTitleIndex }), loaded.generation == characters.generation,
           loaded.documentCapacity == characters.documentCapacity { return loaded }
        var found = TitleIndex.load(path: titleIndexPath, generation: characters.generation, capacity: characters.documentCapacity)
        if found == nil {
            try? TitleIndex.write(capacity: characters.documentCapacity, generation: characters.generation, to: titleIndexPath) { add in
                characters.forEachTitle(add)
            }
            Trace.mark("search: title index made")
            found = TitleIndex.load(path: titleIndexPath, generation: characters.generation, capacity: characters.documentCapacity)
        }
        state.withLock { $0.loadedTitleIndex = found }
        return found
    }

    func characterIndex(allowStale: Bool = false) throws -> CharacterIndex {
        if let index = try currentCharacterIndexFile() {
            try mapText(checkedBy: index)
            return index
        }
        guard allowStale else { throw StoreError.corrupt("the search index is out of date; run snapread index") }
        // A reader searching while the index is being brought up to date.
        guard let index = try loadCharacterIndexFile() else { throw StoreError.stillIndexing }
        try mapText(checkedBy: nil)
        return index
    }
}

/// An exclusive advisory lock on a file, held while the index is updated so
/// that two processes on the same corpus take turns.
/// Used by one thread: taken, then released by the same owner.
final class FileLock {
    private var descriptor: Int32

    init(path: String, shared: Bool = false) throws {
        // A lock file holds nothing: a directory, a FIFO or a link loop in
        // its place (see FileEntry) is replaced by a new, empty file.
        if FileEntry.problem(path) != nil { FileEntry.remove(path) }
        descriptor = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        while flock(descriptor, shared ? LOCK_SH : LOCK_EX) != 0 {
            if errno != EINTR { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}

/// The text an article is searched by: title, editor's note and body (image
/// alt text repeats the title and is left out), one per line.
enum SearchableText {
    static func make(_ article: Article) -> (bytes: [UInt8], titleLength: Int) {
        var bytes = Array(article.title.utf8)
        let titleLength = bytes.count
        bytes.append(0x0A)
        if let note = article.editorNote { bytes += note.utf8 }
        for block in article.body where block.kind != .image {
            bytes.append(0x0A)
            bytes += block.text.utf8
        }
        return (bytes, titleLength)
    }
}
