import CPageChecksum
import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite index of one corpus. A cache: everything in it can be rebuilt
/// from the snapshot files. Migrations are named so that later versions only
/// add to the schema.
///
/// Opening and migrating happen under an exclusive lock on
/// `index.sqlite.open-lock`, held for milliseconds: processes started at
/// once on a fresh cache take turns creating the schema instead of racing.
/// A file that is not a whole SQLite database (zeroed, truncated, noise,
/// SQLite's "malformed" or "not a database") is removed and created anew,
/// with one line to `onDamage`.
public final class IndexDatabase: Sendable {
    private let queue: Locked<DatabaseQueue>
    /// Run on the connection whenever one is opened (an attached database).
    private let connectionHooks = Locked<[@Sendable (Database) throws -> Void]>([])
    public let path: String

    /// The connection; another one after `replaceDamaged`.
    public var writer: DatabaseQueue { queue.withLock { $0 } }

    /// Opens (creating if needed) the index at `path`; `":memory:"` for tests.
    /// SQLite's other errors (a full disk while the schema is made) name the file.
    public init(path: String, onDamage: (StoreError) -> Void = { _ in }) throws {
        self.path = path
        do {
            queue = Locked(try IndexDatabase.open(path: path, onDamage: onDamage))
        } catch let error as DatabaseError where !IndexDatabase.isCorruption(error) {
            throw StoreError.io(path, "\(UserDataProblem.words(of: error)); the index cannot be opened")
        }
    }

    /// Runs `hook` on the connection now and on any that replaces it.
    public func onEveryConnection(_ hook: @escaping @Sendable (Database) throws -> Void) throws {
        try writer.inDatabase { try hook($0) }
        connectionHooks.withLock { $0.append(hook) }
    }

    /// Empties the damaged database, under the open lock: in place when
    /// SQLite can (other processes with it open then see the empty index,
    /// and none of them later removes the log of a new file by its name, as
    /// a closing connection does), or else by removing the files and
    /// opening a new, empty one at the same path.
    func replaceDamaged() throws {
        if path != ":memory:", (try? resetInPlace()) != nil { return }
        let fresh = try IndexDatabase.open(path: path, onDamage: { _ in }, discard: true)
        let hooks = connectionHooks.withLock { $0 }
        try fresh.inDatabase { db in for hook in hooks { try hook(db) } }
        queue.withLock { $0 = fresh }
    }

    /// SQLite's reset of the database (every page given up, damaged ones
    /// included), then the schema made again.
    private func resetInPlace() throws {
        let lock = try FileLock(path: path + ".open-lock")
        defer { lock.unlock() }
        try writer.writeWithoutTransaction { db in
            let code = snapread_reset_database(UnsafeMutableRawPointer(db.sqliteConnection))
            guard code == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            db.clearSchemaCache()
        }
        try IndexDatabase.migrator.migrate(writer)
    }

    /// The corpus's cache folder, made when missing. Something else in its
    /// place (a file, a FIFO, a link to nothing) is in the way of a cache,
    /// which costs only time: it is removed, with one line, and the folder
    /// made. A folder that cannot be made is one line naming it and why.
    static func makeCacheFolder(_ folder: String, onDamage: (StoreError) -> Void) throws {
        var info = stat()
        if lstat(folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            // The cache's own folder (`<corpus>-<hash>` under the cache root): nothing the person made.
            if !(info.st_mode & S_IFMT == S_IFLNK && stat(folder, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR) {
                onDamage(.damaged(file: folder, reason: "not a folder (\(FileEntry.problem(folder) ?? "a regular file")); made anew"))
                FileEntry.remove(folder)
            }
        }
        // mkdir a level at a time, for the errno of the level that fails
        // (Foundation's error names no reason on Linux).
        var made = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            made += "/" + part
            if mkdir(made, 0o755) != 0, errno != EEXIST || stat(made, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
                let why = errno == EEXIST ? "not a folder: \(made)" : String(cString: strerror(errno))
                throw StoreError.io(folder, "the index cannot be kept here (\(why)); set XDG_CACHE_HOME to a folder you can write")
            }
        }
    }

    private static func open(path: String, onDamage: (StoreError) -> Void, discard: Bool = false) throws -> DatabaseQueue {
        _ = pageChecksumsInstalled
        let configuration = IndexDatabase.configuration(synchronous: "NORMAL")
        guard path != ":memory:" else {
            let queue = try DatabaseQueue(configuration: configuration)
            try IndexDatabase.migrator.migrate(queue)
            return queue
        }
        try makeCacheFolder((path as NSString).deletingLastPathComponent, onDamage: onDamage)
        let lock = try FileLock(path: path + ".open-lock")
        defer { lock.unlock() }
        if discard { removeFiles(path) }
        if let (file, problem) = lastingProblem(path) {
            onDamage(.damaged(file: file, reason: problem))
            removeFiles(path)
        }
        do {
            var queue = try DatabaseQueue(path: path, configuration: configuration)
            if let problem = try olderFormat(queue) {
                // Its rows cannot be carried over: the index is read again from the files.
                onDamage(.damaged(file: path, reason: problem))
                try queue.close()
                removeFiles(path)
                removeSiblings(path)
                queue = try DatabaseQueue(path: path, configuration: configuration)
            }
            try IndexDatabase.migrator.migrate(queue)
            return queue
        } catch where isCorruption(error) {
            onDamage(.damaged(file: path, reason: words(of: error)))
            removeFiles(path)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try IndexDatabase.migrator.migrate(queue)
            return queue
        }
    }

    /// The file of the database at `path` that is damaged, and how, when
    /// one is and stays so. Another process that closes its connection
    /// meanwhile copies the log into the file and then removes the log:
    /// for the few milliseconds that takes, the file can look cut short or
    /// the log vanish under a look at it. Removing the files then would
    /// pull them from under the processes that open next, so a problem is
    /// only taken for damage once it is still there a moment later.
    private static func lastingProblem(_ path: String) -> (file: String, problem: String)? {
        func problem() -> (file: String, problem: String)? {
            if let found = ["", "-wal", "-shm"].lazy.compactMap({ suffix in FileEntry.problem(path + suffix).map { (path + suffix, $0) } }).first {
                return found
            }
            return headerProblem(path).map { (path, $0) }
        }
        guard var found = problem() else { return nil }
        for _ in 0..<3 {
            usleep(20_000)
            guard let again = problem() else { return nil }
            found = again
        }
        return found
    }

    /// Whether an error is SQLite saying the file is damaged: its own
    /// checks, or a page whose checksum is wrong (`SQLITE_IOERR_DATA`, from
    /// the page checksum layer).
    static func isCorruption(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_FORMAT
            || error.extendedResultCode.rawValue == sqliteIOErrorData
    }

    /// What SQLite's word for a damaged file comes to, for the line that reports it.
    static func words(of error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        if error.extendedResultCode.rawValue == sqliteIOErrorData { return "a page's checksum does not match its content" }
        return error.message ?? "\(error)"
    }

    /// SQLITE_IOERR_DATA: SQLITE_IOERR (10) | 32 << 8.
    static let sqliteIOErrorData: Int32 = 10 | 32 << 8

    /// The page checksum layer under SQLite, installed (as the default file
    /// layer) before the first index database is opened. It checksums only
    /// databases that reserve the bytes for it, which only the index does.
    static let pageChecksumsInstalled: Bool = snapread_page_checksums_install() == 0

    /// The bytes each page of the index keeps for its checksum.
    static let pageChecksumBytes = Int(SNAPREAD_PAGE_CHECKSUM_BYTES)

    /// The database file and its journal.
    private static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { FileEntry.remove(path + suffix) }
    }

    /// The cache files beside the database, which describe its rows.
    private static func removeSiblings(_ path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(base + ".text") || [".chars", ".chars" + VerifiedMark.suffix, ".state", ".watch", ".links"].contains(where: { name == base + $0 }) {
            FileEntry.remove(folder + "/" + name)
        }
    }

    /// Why an index written by an older version must be read again from
    /// the files, when it must: its related items are rows of excerpts,
    /// which the migration to compressed frames does not convert, its
    /// copy signatures lack the shingle counts grouping needs, or its text
    /// store is in zstd frames.
    static func olderFormat(_ queue: DatabaseQueue) throws -> String? {
        if let reserve = reservedBytes(queue.path), reserve != pageChecksumBytes {
            return "an older format: pages without checksums"
        }
        return try queue.read { db -> String? in
            guard try db.tableExists("grdb_migrations") else { return nil }
            let applied = try migrator.appliedIdentifiers(db)
            guard !applied.isEmpty, !applied.contains(paragraphHeadsAndTailsMigration),
                  try db.tableExists("article"),
                  try Int64.fetchOne(db, sql: "SELECT docno FROM article LIMIT 1") != nil else { return nil }
            if applied.contains(paragraphEndsMigration) { return "an older format: copy signatures without their paragraphs' heads and tails apart" }
            if applied.contains(boilerplateRulesMigration) { return "an older format: copy signatures without their paragraphs' ends" }
            if applied.contains(paragraphSignaturesMigration) { return "an older format: copies grouped by earlier rules" }
            if applied.contains(lz4TextMigration) { return "an older format: copy signatures without their paragraphs" }
            if applied.contains(countedSignaturesMigration) { return "an older format: the text store in zstd frames" }
            return applied.contains(relatedFramesMigration) ? "an older format: copy signatures without shingle counts"
                : "an older format: related items not compressed"
        }
    }

    static let relatedFramesMigration = "v6: related items in compressed frames"
    static let countedSignaturesMigration = "v7: copy signatures keep their shingle counts"
    static let lz4TextMigration = "v8: the text store in lz4 frames of 64 KB"
    static let paragraphSignaturesMigration = "v9: copy signatures of 16-bit bins with their paragraphs, counted"
    static let boilerplateRulesMigration = "v10: copies of widely copied stories and briefs under a notice's variant"
    static let paragraphEndsMigration = "v11: copy signatures with their paragraphs' ends, counted"
    static let paragraphHeadsAndTailsMigration = "v12: copy signatures with their paragraphs' heads and tails apart"

    /// Every row of every table of the index: what a rebuild starts from.
    static func deleteEverything(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM related_frame; DELETE FROM related_date; DELETE FROM article; DELETE FROM file; DELETE FROM meta;
            DELETE FROM copy_signature; DELETE FROM copy_band; DELETE FROM copy_group; DELETE FROM sqlite_sequence
            """)
        // Tables of later migrations, which the earlier ones that start again do not know yet.
        for table in ["copy_paragraph_count", "copy_removed"] where try db.tableExists(table) {
            try db.execute(sql: "DELETE FROM \(table)")
        }
    }

    /// What is wrong with the file's header (SQLite's first 100 bytes), when
    /// something is: checked without SQLite, which takes a zeroed or cut
    /// file for a good one until a query reaches the missing pages. Nil for
    /// a good header, and for no file or an empty one (a new database) when
    /// no file state says an index was written.
    static func headerProblem(_ path: String) -> String? {
        // O_NONBLOCK: a FIFO put in its place (refused by FileEntry first) never holds the open.
        // The log's size first: a connection that closes meanwhile copies
        // the log into the file before it removes the log, so a log seen
        // gone here means a file that is whole when its size is read next.
        var log = stat()
        let logSize = stat(path + "-wal", &log) == 0 ? Int(log.st_size) : 0
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        // An empty file is a new database, unless the index was written.
        guard size > 0 else { return FileManager.default.fileExists(atPath: path + ".state") ? "empty" : nil }
        var header = [UInt8](repeating: 0, count: 100)
        let got = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 100, 0) }
        guard got == 100 else { return "truncated (\(size) bytes)" }
        guard header.starts(with: Array("SQLite format 3\u{0}".utf8)) else { return "not a database (no SQLite header)" }
        func bigEndian(_ at: Int, _ count: Int) -> Int { header[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) } }
        let rawPageSize = bigEndian(16, 2)
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else { return "bad page size \(rawPageSize)" }
        guard size % pageSize == 0 else { return "size \(size) is not a whole number of \(pageSize)-byte pages" }
        // The page count is valid when the change counter matches "version valid for".
        // A checkpoint cut short (a full disk) leaves the file shorter than
        // its header says while the write-ahead log still holds the pages
        // beyond: that is a whole database, as long as the log can hold them.
        if bigEndian(24, 4) == bigEndian(92, 4), size < bigEndian(28, 4) * pageSize {
            let missing = bigEndian(28, 4) - size / pageSize
            let logFrames = max(0, (logSize - 32) / (pageSize + 24))
            if logFrames < missing { return "truncated (\(size / pageSize) pages of \(bigEndian(28, 4)))" }
        }
        return nil
    }

    /// The bytes the database at `path` reserves at the end of each page
    /// (its header's byte 20), nil while it has no header on disk.
    static func reservedBytes(_ path: String) -> Int? {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let got = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 100, 0) }
        guard got == 100, header.starts(with: Array("SQLite format 3\u{0}".utf8)) else { return nil }
        return Int(header[20])
    }

    /// WAL (readers never wait for a writer, two processes share a file),
    /// a 30-second busy timeout, an 8 MB page cache per connection.
    static func configuration(synchronous: String) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Before anything is written: a new database then keeps a
            // checksum at the end of every page (an existing one keeps its layout).
            _ = snapread_page_checksums_reserve(UnsafeMutableRawPointer(db.sqliteConnection))
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            try db.execute(sql: "PRAGMA cache_size = -8000")
        }
        return configuration
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: files, articles, related items") { db in
            try db.execute(sql: """
                CREATE TABLE file (
                    path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mtime INTEGER NOT NULL,
                    docno INTEGER,
                    problem TEXT,
                    detail TEXT
                ) WITHOUT ROWID;
                CREATE TABLE article (
                    docno INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL,
                    path TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    category TEXT,
                    source TEXT,
                    published INTEGER,
                    byline TEXT,
                    site TEXT,
                    url TEXT,
                    related_count INTEGER NOT NULL,
                    warnings TEXT,
                    text_offset INTEGER NOT NULL,
                    text_length INTEGER NOT NULL,
                    title_length INTEGER NOT NULL
                );
                CREATE TABLE related (
                    docno INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    published INTEGER,
                    excerpt TEXT NOT NULL,
                    title TEXT,
                    PRIMARY KEY (docno, position)
                ) WITHOUT ROWID;
                CREATE INDEX related_published ON related(published);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
                """)
            try createArticleIndexes(db)
        }
        migrator.registerMigration("v2: the files that are not snapshots, by path") { db in
            // The reader lists them at start: without this, a scan of every file.
            try db.execute(sql: "CREATE INDEX file_skipped ON file(path) WHERE docno IS NULL")
        }
        migrator.registerMigration("v3: start again with checksummed cache files") { db in
            // Older character index, text store and file state files carry
            // no checksums: every article is read again to write new ones.
            try db.execute(sql: "DELETE FROM related; DELETE FROM article; DELETE FROM file; DELETE FROM meta; DELETE FROM sqlite_sequence")
        }
        migrator.registerMigration("v4: groups of copies") { db in
            try CopyGroups.createTables(db)
            // Groups are made as articles are read: read every one again.
            try db.execute(sql: "DELETE FROM related; DELETE FROM article; DELETE FROM file; DELETE FROM meta; DELETE FROM sqlite_sequence")
        }
        migrator.registerMigration("v5: search folds traditional characters") { db in
            // The character index is written again from the text store (no file is read again).
            try db.execute(sql: "DELETE FROM meta WHERE key = 'chars_generation'")
        }
        migrator.registerMigration(relatedFramesMigration) { db in
            // Excerpts were a third of the corpus's size as rows. An index
            // with articles is removed before this runs (`olderFormat`).
            try db.execute(sql: "DROP TABLE related")
            try RelatedItemStore.createTables(db)
            try deleteEverything(db)
        }
        migrator.registerMigration(countedSignaturesMigration) { db in
            // A signature without its count cannot say how much of a body
            // another holds. An index with articles is removed before this
            // runs (`olderFormat`): every article is read again.
            try deleteEverything(db)
        }
        migrator.registerMigration(lz4TextMigration) { db in
            // The text store's zstd frames are not read any more (their
            // magic is not lz4's): an index with articles is removed before
            // this runs (`olderFormat`), and every article is read again.
            try deleteEverything(db)
        }
        migrator.registerMigration(paragraphSignaturesMigration) { db in
            // Signatures without paragraphs cannot tell boilerplate from a
            // story's own text: an index with articles is removed before
            // this runs (`olderFormat`), and every article is read again.
            try deleteEverything(db)
            try CopyGroups.createCountTables(db)
        }
        migrator.registerMigration(boilerplateRulesMigration) { db in
            // Groups made by the earlier rules are not what a cold index
            // makes now: an index with articles is removed before this runs
            // (`olderFormat`), and every article is read again.
            try deleteEverything(db)
        }
        migrator.registerMigration(paragraphEndsMigration) { db in
            // Signatures without their paragraphs' ends cannot tell a
            // notice's variants: an index with articles is removed before
            // this runs (`olderFormat`), and every article is read again.
            try deleteEverything(db)
        }
        migrator.registerMigration(paragraphHeadsAndTailsMigration) { db in
            // Signatures whose paragraphs' ends are one hash cannot find a
            // story's paragraph with a credit line run into it, and count
            // their ends under other keys: an index with articles is removed
            // before this runs (`olderFormat`), and every article is read again.
            try deleteEverything(db)
        }
        return migrator
    }

    // MARK: - The article table's indexes

    /// The article table's secondary indexes (made by the first migration).
    static let articleIndexes = [
        "article_published ON article(published DESC, docno DESC)",
        "article_category ON article(category, published DESC)",
        "article_source ON article(source, published DESC)",
        "article_id ON article(id)",
    ]

    /// Makes those of the article table's indexes that are missing.
    static func createArticleIndexes(_ db: Database) throws {
        for index in articleIndexes { try db.execute(sql: "CREATE INDEX IF NOT EXISTS " + index) }
    }

    /// Drops the article table's secondary indexes while it is empty: a cold
    /// index makes them once its articles are in (sorted once, where each
    /// batch's thousand random insertions into each rewrote a page apiece).
    /// Whatever run comes next makes them again, should this one be killed.
    static func dropArticleIndexesIfEmpty(_ db: Database) throws {
        guard try Int64.fetchOne(db, sql: "SELECT docno FROM article LIMIT 1") == nil else { return }
        for index in articleIndexes {
            guard let name = index.split(separator: " ").first else { continue }
            try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
        }
    }

    // MARK: - Meta values

    static func meta(_ db: Database, _ key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func setMeta(_ db: Database, _ key: String, _ value: Int64) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// The end of the last article's text: what the text store may hold.
    static func textEnd(_ db: Database) throws -> Int {
        Int(try Int64.fetchOne(db, sql: "SELECT MAX(text_offset + text_length) FROM article") ?? 0)
    }
}
