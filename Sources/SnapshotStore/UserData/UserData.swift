import Foundation
import GRDB

/// The person's own data: bookmarks, read state and reading history, in its
/// own SQLite file in the data directory, keyed by article id so it survives
/// moved, renamed and re-crawled files and a deleted index. Every change is
/// committed with `synchronous = FULL` before the call returns.
///
/// Opening never fails and never writes to a file it cannot trust: a
/// read-only file (or folder) is read and not written, a damaged or
/// unreadable one is left alone and an empty in-memory database stands in for
/// it. `problem` says which, for the one line a command prints; every write
/// then throws a `UserDataWriteError`.
public final class UserData: @unchecked Sendable {
    // Invariant for @unchecked Sendable: every stored property is set once in
    // init; the queue serializes its own use.
    public let writer: DatabaseQueue
    /// The file (`user.sqlite`).
    public let path: String
    /// Why the data cannot be used fully, or nil when it can be read and written.
    public let problem: UserDataProblem?
    /// The rotated copies of the file.
    public let backups: UserDataBackups
    /// How the index's connection sees this data (`ATTACH ... AS user`).
    private let attachment: Attachment

    private enum Attachment {
        case file(String)
        case readOnly(String)
        case empty
    }

    /// Whether changes can be saved.
    public var canWrite: Bool { problem == nil }

    /// Opens (creating when needed) the file at `path`, migrating it in an
    /// exclusive transaction, and takes the day's backup when it is due.
    public init(path: String, now: Date = Date()) {
        self.path = path
        backups = UserDataBackups(userDatabase: path)
        let opened = UserData.open(path: path, backups: backups, now: now)
        writer = opened.queue
        problem = opened.problem
        attachment = opened.attachment
    }

    private struct Opened {
        var queue: DatabaseQueue
        var problem: UserDataProblem?
        var attachment: Attachment
    }

    private static func open(path: String, backups: UserDataBackups, now: Date) -> Opened {
        let folder = (path as NSString).deletingLastPathComponent
        func standIn(_ problem: UserDataProblem) -> Opened {
            Opened(queue: emptyDatabase(), problem: problem, attachment: .empty)
        }
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                return standIn(UserDataProblem(
                    kind: .unavailable, path: folder, reason: "cannot be created (\(systemReason(of: error)))",
                    remedy: "make its parent folder writable, or set SNAPREAD_DATA_DIR to a folder you can write"))
            }
        } else if !isFolder.boolValue {
            return standIn(UserDataProblem(kind: .unavailable, path: folder, reason: "not a folder",
                                           remedy: "move it aside, or set SNAPREAD_DATA_DIR to a folder"))
        }
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK, access(path, F_OK) != 0 {
            // SQLite would create the file the link names, wherever that is.
            return standIn(UserDataProblem(kind: .unavailable, path: path, reason: "cannot be opened (a link to nothing)",
                                           remedy: "point the link at your user.sqlite, or remove it to start afresh"))
        }
        let fileExists = access(path, F_OK) == 0
        if fileExists, let emptied = emptiedFile(path: path, folder: folder, backups: backups) { return standIn(emptied) }
        if fileExists && access(path, R_OK) != 0 {
            return standIn(UserDataProblem(kind: .unavailable, path: path, reason: "cannot be read (\(String(cString: strerror(errno))))",
                                           remedy: "give yourself read and write access (chmod u+rw '\(path)')"))
        }
        let folderWritable = access(folder, W_OK) == 0
        if !fileExists && !folderWritable {
            return standIn(UserDataProblem(
                kind: .unavailable, path: folder, reason: "not writable, so user.sqlite cannot be created there",
                remedy: "make it writable (chmod u+w '\(folder)'), or set SNAPREAD_DATA_DIR to a folder you can write"))
        }
        if fileExists && (!folderWritable || access(path, W_OK) != 0) {
            let readOnly = folderWritable
                ? UserDataProblem(kind: .readOnly, path: path, reason: "read-only", remedy: makeWritable(path))
                : UserDataProblem(kind: .readOnly, path: folder, reason: "a folder that is not writable", remedy: makeWritable(folder))
            return openReadOnly(path: path, problem: readOnly, backups: backups)
        }
        // SQLite answers "locked" without waiting in a few cases the busy
        // timeout does not cover (two processes making a fresh file WAL at
        // once): an open refused at once is tried again, for up to about
        // two seconds; one refused after the busy timeout is not.
        var attempt = 0
        while true {
            let tried = Date()
            do {
                // What the file and its -wal look like before this connection
                // touches them: unchanged since the last check, they need none.
                let stamp = fileStamp(path)
                let marker = folder + "/.user.sqlite.checked"
                let checkedBefore = stamp != nil && readSmallFile(marker) == stamp && !backups.isDue(at: now)
                let queue = try DatabaseQueue(path: path, configuration: connectionConfiguration(readOnly: false))
                // Checked before anything is written: a damaged file is left as it is.
                try queue.writeWithoutTransaction { db in
                    if checkedBefore {
                        // Still a database with our tables (the header and schema).
                        _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master")
                    } else {
                        try check(db)
                        if let stamp { writeSmallFile(marker, stamp) }
                    }
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
                try migrate(queue)
                do {
                    try queue.writeWithoutTransaction { db in _ = try backups.takeIfDue(db, at: now) }
                } catch {
                    Trace.mark("user data: no backup: \(error)")
                }
                return Opened(queue: queue, problem: nil, attachment: .file(path))
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode)
                        && attempt < 40 && Date().timeIntervalSince(tried) < 1 {
                attempt += 1
                Trace.mark("user data: \(error), trying again")
                usleep(50_000)
            } catch {
                return standIn(problem(for: error, path: path, backups: backups))
            }
        }
    }

    /// A file that can be read but not written: read through a read-only
    /// connection (or as immutable when SQLite cannot even keep its shared
    /// memory file beside it), after the same check.
    private static func openReadOnly(path: String, problem readOnly: UserDataProblem, backups: UserDataBackups) -> Opened {
        var failure: (any Error)?
        for immutable in [false, true] {
            let location = immutable ? uri(path, query: "immutable=1") : path
            do {
                let queue = try DatabaseQueue(path: location, configuration: connectionConfiguration(readOnly: true))
                try queue.read { db in
                    try check(db)
                    for table in ["bookmark", "read_state", "session", "search_history"] where try !db.tableExists(table) {
                        throw DatabaseError(resultCode: .SQLITE_ERROR, message: "written by an older snapread (no table \(table))")
                    }
                }
                let attached = immutable ? location : uri(path, query: "mode=ro")
                return Opened(queue: queue, problem: readOnly, attachment: .readOnly(attached))
            } catch {
                failure = error
                if UserDataProblem.isDamage(error) { break }
            }
        }
        guard let failure else { return Opened(queue: emptyDatabase(), problem: readOnly, attachment: .empty) }
        var unusable = problem(for: failure, path: path, backups: backups)
        if unusable.kind != .damaged { unusable.remedy = readOnly.remedy }
        return Opened(queue: emptyDatabase(), problem: unusable, attachment: .empty)
    }

    /// What an error while opening means to the person.
    /// How to make `path` writable: chmod when it is the person's own, else
    /// who owns it (chmod would fail for them).
    private static func makeWritable(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid != getuid() else { return "make it writable (chmod u+w '\(path)')" }
        let owner = getpwuid(info.st_uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(info.st_uid)"
        return "it belongs to \(owner): have it given to you (chown), or set SNAPREAD_DATA_DIR to a folder of your own"
    }

    /// A file of 0 bytes where there were bookmarks (backups of it exist, or
    /// a check of it was noted): SQLite would take it for a new database and
    /// write a fresh one over it, so it is damage, left as it is.
    private static func emptiedFile(path: String, folder: String, backups: UserDataBackups) -> UserDataProblem? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 else { return nil }
        var log = stat()
        if stat(path + "-wal", &log) == 0, log.st_size > 0 { return nil }
        // The check's note holds the file's stamp: device, inode, size, time.
        let checkedSize = readSmallFile(folder + "/.user.sqlite.checked")?.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }
        let hadData = !backups.all().isEmpty || (checkedSize ?? 0) > 0
        guard hadData else { return nil }
        let remedy = backups.restoreCommand(userDatabase: path).map { "to restore the newest backup: \($0)" }
            ?? "there is no backup; to start afresh, remove it (rm '\(path)')"
        return UserDataProblem(kind: .damaged, path: path, reason: "damaged (emptied: 0 bytes where bookmarks were)", remedy: remedy)
    }

    private static func problem(for error: any Error, path: String, backups: UserDataBackups) -> UserDataProblem {
        if UserDataProblem.isDamage(error) {
            let remedy = backups.restoreCommand(userDatabase: path).map { "to restore the newest backup: \($0)" }
                ?? "there is no backup; to start afresh, move it aside (mv '\(path)' '\(path).damaged')"
            return UserDataProblem(kind: .damaged, path: path, reason: UserDataProblem.words(of: error), remedy: remedy)
        }
        // A FIFO or a directory in the file's place: say that, not SQLite's "disk I/O error".
        let why = FileEntry.problem(path) ?? UserDataProblem.words(of: error)
        return UserDataProblem(kind: .unavailable, path: path, reason: "cannot be opened (\(why))",
                               remedy: "check the file and its folder, or set SNAPREAD_DATA_DIR to another folder")
    }

    /// Device, inode, size and modification time of the file and of its
    /// -wal: any write by anyone changes one of them. Nil when there is no file.
    private static func fileStamp(_ path: String) -> String? {
        func describe(_ path: String) -> String? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        guard let main = describe(path) else { return nil }
        return main + " / " + (describe(path + "-wal") ?? "-")
    }

    private static func readSmallFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 512 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Written under a temporary name, then renamed: readers see all or nothing.
    private static func writeSmallFile(_ path: String, _ text: String) {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Throws a damage error unless `PRAGMA quick_check` says ok.
    private static func check(_ db: Database) throws {
        let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check(1)")
        guard verdict == ["ok"] else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: verdict.first ?? "failed quick_check")
        }
    }

    /// A 30-second busy timeout, so that several processes opening (and
    /// migrating) at once wait for each other instead of failing.
    private static func connectionConfiguration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = readOnly
        return configuration
    }

    /// The stand-in for data that cannot be used: empty, with the schema, so
    /// that every read answers "nothing".
    private static func emptyDatabase() -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue()
            try queue.write { db in
                for (_, sql) in migrations { try db.execute(sql: sql) }
            }
            return queue
        } catch {
            // An in-memory database with four tables does not fail to be made.
            fatalError("cannot create an in-memory database: \(error)")
        }
    }

    /// A `file:` URI for SQLite.
    private static func uri(_ path: String, query: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?" + query
    }

    private static func systemReason(of error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }

    /// Makes this data visible as `user` to another connection (the index's),
    /// for the filters and marks computed in SQL: the file itself, read only
    /// when it cannot be written, or empty tables when it cannot be used.
    public func attach(to db: Database) throws {
        switch attachment {
        case .file(let path):
            try db.execute(sql: "ATTACH DATABASE ? AS user", arguments: [path])
        case .readOnly(let location):
            let uris = try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('USE_URI')") ?? false
            try db.execute(sql: "ATTACH DATABASE ? AS user", arguments: [uris ? location : path])
        case .empty:
            try db.execute(sql: "ATTACH DATABASE ':memory:' AS user")
            try db.execute(sql: "CREATE TABLE user.bookmark (article_id TEXT PRIMARY KEY) WITHOUT ROWID")
            try db.execute(sql: "CREATE TABLE user.read_state (article_id TEXT PRIMARY KEY) WITHOUT ROWID")
        }
    }

    // MARK: - Migrations

    /// The schema's steps, named as GRDB's migrator named them (files made
    /// before keep their `grdb_migrations` rows).
    static let migrations: [(identifier: String, sql: String)] = [
        ("v1: bookmarks, read state, history", """
            CREATE TABLE bookmark (
                article_id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                corpus TEXT NOT NULL,
                path TEXT NOT NULL,
                category TEXT,
                published INTEGER,
                created INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE read_state (
                article_id TEXT PRIMARY KEY,
                read_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                article_id TEXT NOT NULL,
                corpus TEXT NOT NULL,
                path TEXT NOT NULL,
                visited INTEGER NOT NULL
            );
            """),
        ("v2: search history", "CREATE TABLE search_history (query TEXT PRIMARY KEY, used INTEGER NOT NULL) WITHOUT ROWID"),
        ("v3: reading session per corpus", """
            CREATE TABLE session (
                corpus TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                saved INTEGER NOT NULL
            ) WITHOUT ROWID
            """),
    ]

    /// Applies the missing steps in one exclusive transaction: of several
    /// processes opening a fresh file at once, one migrates and the others
    /// wait (the busy timeout), then find nothing left to do.
    static func migrate(_ queue: DatabaseQueue) throws {
        try queue.writeWithoutTransaction { db in
            func applied() throws -> Set<String> {
                guard try db.tableExists("grdb_migrations") else { return [] }
                return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            let all = Set(migrations.map(\.identifier))
            if try applied().isSuperset(of: all) { return }
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let done = try applied()
                for (identifier, sql) in migrations where !done.contains(identifier) {
                    try db.execute(sql: sql)
                    try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
                }
                return .commit
            }
        }
    }

    /// Runs a change, or says why it was not saved.
    private func save<T>(_ change: String, _ body: (Database) throws -> T) throws -> T {
        if let problem { throw UserDataWriteError(change: change, problem: problem) }
        do {
            return try writer.write(body)
        } catch {
            let reason = UserDataProblem.words(of: error)
            let remedy: String
            switch reason {
            case "disk full": remedy = "free some space on its disk"
            case "read-only": remedy = "make it and its folder writable"
            default: remedy = "check the file and its folder"
            }
            throw UserDataWriteError(change: change, path: path, reason: reason, remedy: remedy)
        }
    }

    // MARK: - Session

    /// Where the reader was in a corpus, as the reader encodes it.
    public func session(corpus: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT state FROM session WHERE corpus = ?", arguments: [corpus]) }
    }

    /// Saves where the reader was; throws `UserDataWriteError` when not saved.
    public func saveSession(corpus: String, state: String) throws {
        try save("reading place") { db in
            try db.execute(sql: "INSERT INTO session(corpus, state, saved) VALUES (?, ?, ?) ON CONFLICT(corpus) DO UPDATE SET state = excluded.state, saved = excluded.saved",
                           arguments: [corpus, state, Int64(Date().timeIntervalSince1970)])
        }
    }

    // MARK: - Search history

    /// The most recent searches, oldest first.
    public func searchHistory(limit: Int = 200) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT query FROM search_history ORDER BY used DESC LIMIT ?", arguments: [limit]).reversed()
        }
    }

    /// Puts a search first in the history; throws `UserDataWriteError` when not saved.
    public func rememberSearch(_ query: String, at time: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws {
        try save("search history") { db in
            try db.execute(sql: "INSERT INTO search_history(query, used) VALUES (?, ?) ON CONFLICT(query) DO UPDATE SET used = excluded.used",
                           arguments: [query, time])
        }
    }

    // MARK: - Bookmarks

    /// Adds or refreshes a bookmark; throws `UserDataWriteError` when not saved.
    public func addBookmark(_ bookmark: Bookmark) throws {
        try save("bookmark") { db in
            try db.execute(sql: """
                INSERT INTO bookmark(article_id, title, corpus, path, category, published, created)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(article_id) DO UPDATE SET title = excluded.title, corpus = excluded.corpus,
                    path = excluded.path, category = excluded.category, published = excluded.published
                """, arguments: [bookmark.articleID, bookmark.title, bookmark.corpus, bookmark.path,
                                 bookmark.category, bookmark.published, bookmark.created])
        }
    }

    /// Removes a bookmark; returns whether there was one. Throws
    /// `UserDataWriteError` when the removal was not saved.
    @discardableResult
    public func removeBookmark(articleID: String) throws -> Bool {
        try save("bookmark removal") { db in
            try db.execute(sql: "DELETE FROM bookmark WHERE article_id = ?", arguments: [articleID])
            return db.changesCount > 0
        }
    }

    /// Removes the bookmark recorded for a path in a corpus.
    @discardableResult
    public func removeBookmark(corpus: String, path: String) throws -> Bool {
        try save("bookmark removal") { db in
            try db.execute(sql: "DELETE FROM bookmark WHERE corpus = ? AND path = ?", arguments: [corpus, path])
            return db.changesCount > 0
        }
    }

    /// Every bookmark, newest first.
    public func bookmarks() throws -> [Bookmark] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT article_id, title, corpus, path, category, published, created FROM bookmark ORDER BY created DESC, title")
                .map { row in
                    Bookmark(articleID: row[0], title: row[1], corpus: row[2], path: row[3], category: row[4],
                             published: row[5], created: row[6])
                }
        }
    }

    /// Whether the article with this id is bookmarked.
    public func isBookmarked(_ articleID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM bookmark WHERE article_id = ?", arguments: [articleID]) ?? false
        }
    }

    // MARK: - Read state

    /// Marks an article read or unread; throws `UserDataWriteError` when not saved.
    public func setRead(_ articleID: String, _ read: Bool, at time: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        try save("read mark") { db in
            if read {
                try db.execute(sql: "INSERT INTO read_state(article_id, read_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING",
                               arguments: [articleID, time])
            } else {
                try db.execute(sql: "DELETE FROM read_state WHERE article_id = ?", arguments: [articleID])
            }
        }
    }

    /// Marks many articles read in one transaction (`A`, mark every article
    /// shown): one commit, one fsync, instead of one a mark, which took 10 s
    /// for 3,000. All or none is saved; throws `UserDataWriteError` when none was.
    public func setRead(_ articleIDs: [String], at time: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        guard !articleIDs.isEmpty else { return }
        try save("read marks") { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO read_state(article_id, read_at) VALUES (?, ?) ON CONFLICT(article_id) DO NOTHING")
            for id in articleIDs { try statement.execute(arguments: [id, time]) }
        }
    }

    /// Whether the article with this id was read.
    public func isRead(_ articleID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM read_state WHERE article_id = ?", arguments: [articleID]) ?? false
        }
    }

    // MARK: - History

    /// Adds a visit to the history; throws `UserDataWriteError` when not saved.
    public func recordVisit(articleID: String, corpus: String, path: String, at time: Int64 = Int64(Date().timeIntervalSince1970)) throws {
        try save("history") { db in
            try db.execute(sql: "INSERT INTO history(article_id, corpus, path, visited) VALUES (?, ?, ?, ?)",
                           arguments: [articleID, corpus, path, time])
        }
    }
}

/// A bookmarked article, with what is needed to show it without the index.
public struct Bookmark: Sendable, Equatable {
    public var articleID: String
    public var title: String
    /// The corpus folder (absolute) and the path within it when bookmarked.
    public var corpus: String
    public var path: String
    public var category: String?
    public var published: Int64?
    public var created: Int64

    public init(articleID: String, title: String, corpus: String, path: String, category: String?, published: Int64?,
                created: Int64 = Int64(Date().timeIntervalSince1970)) {
        self.articleID = articleID
        self.title = title
        self.corpus = corpus
        self.path = path
        self.category = category
        self.published = published
        self.created = created
    }
}
