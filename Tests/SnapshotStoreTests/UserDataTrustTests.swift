import Foundation
import GRDB
import Testing
@testable import SnapshotStore

/// The person's data when its file is damaged, when several processes (here
/// threads) open it at once, and its backups. Read-only files and folders
/// need a user without root's powers: EndToEndTests/UserDataEndToEndTests
/// tries them as `nobody`.
@Suite struct UserDataTrustTests {
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static func bookmark(_ id: String) -> Bookmark {
        Bookmark(articleID: id, title: "标题 \(id)", corpus: "/c", path: "\(id).txt", category: nil, published: nil)
    }

    @Test func aFileThatIsNotADatabaseIsLeftAloneAndEveryReadStillWorks() throws {
        let corpus = try TemporaryCorpus(count: 5)
        let path = corpus.locations.userDatabase
        try FileManager.default.createDirectory(atPath: corpus.locations.dataDirectory, withIntermediateDirectories: true)
        let noise = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        try noise.write(to: URL(fileURLWithPath: path))

        let library = try corpus.library()
        let problem = try #require(library.userData.problem)
        #expect(problem.kind == .damaged)
        #expect(problem.description.hasPrefix(path + ": damaged"), "\(problem)")
        #expect(problem.description.contains("no backup"), "\(problem)")
        try library.index.update()
        #expect(try library.list().count == 5)
        #expect(try library.list(filter: ArticleFilter(bookmarked: true)).isEmpty)
        #expect(try library.list(filter: ArticleFilter(unread: true)).count == 5)
        let word = String(try #require(library.list().first).title.prefix(2))
        #expect(try library.search(word).contains { $0.article.title.contains(word) })
        #expect(try library.userData.bookmarks().isEmpty)

        let error = try #require(throws: UserDataWriteError.self) { try library.userData.addBookmark(Self.bookmark("a")) }
        #expect(error.description.hasPrefix("bookmark not saved: \(path): damaged"), "\(error)")
        #expect(error.summary.hasPrefix("bookmark not saved: user.sqlite is damaged"), "\(error.summary)")
        #expect(throws: UserDataWriteError.self) { try library.userData.setRead("a", true) }
        #expect(throws: UserDataWriteError.self) { try library.userData.saveSession(corpus: "/c", state: "x") }
        #expect(Self.bytes(path) == noise, "the damaged file is never written")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// A FIFO or a directory where user.sqlite belongs is named for what it
    /// is (it said SQLite's "disk I/O error"), left in place, and reading works.
    @Test(arguments: ["fifo", "directory"])
    func aUserFileThatIsNoFileIsNamedAndLeftAlone(kind: String) throws {
        let corpus = try TemporaryCorpus(count: 3)
        let path = corpus.locations.userDatabase
        try FileManager.default.createDirectory(atPath: corpus.locations.dataDirectory, withIntermediateDirectories: true)
        if kind == "fifo" { #expect(mkfifo(path, 0o644) == 0) } else { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        let library = try corpus.library()
        let problem = try #require(library.userData.problem)
        #expect(problem.description.contains(path + ": cannot be opened (not a regular file but a \(kind == "fifo" ? "FIFO" : "directory"))"), "\(problem)")
        try library.index.update()
        #expect(try library.list().count == 3)
        #expect(throws: UserDataWriteError.self) { try library.userData.addBookmark(Self.bookmark("a")) }
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == (kind == "fifo" ? S_IFIFO : S_IFDIR), "the entry is left as it was")
    }

    @Test func aDamagedPageIsFoundBeforeAnythingIsWrittenAndTheNewestBackupIsNamed() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        let day = Date(timeIntervalSince1970: 1_764_547_200) // 2025-12-01 UTC
        do {
            let userData = UserData(path: path, now: day)
            for number in 0..<2000 { try userData.setRead("article-\(number)", true) }
            try userData.addBookmark(Self.bookmark("kept"))
        }
        do {
            // The next day's first open takes the backup.
            let next = UserData(path: path, now: day.addingTimeInterval(86_400))
            #expect(next.problem == nil)
            #expect(next.backups.all().map { ($0 as NSString).lastPathComponent } == ["user-2025-12-02.sqlite"])
        }
        // The first page of read_state's tree overwritten.
        let (root, pageSize) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'read_state'") ?? 0,
             try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
        #expect(root > 1)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        handle.write(Data(repeating: 0xA5, count: 64))
        try handle.close()
        let damaged = try #require(Self.bytes(path))

        let reopened = UserData(path: path, now: day.addingTimeInterval(3 * 86_400))
        let problem = try #require(reopened.problem)
        #expect(problem.kind == .damaged)
        #expect(reopened.backups.all().count == 1, "no backup is taken of a damaged file")
        #expect(problem.remedy.contains("backups/user-2025-12-02.sqlite"), "\(problem.remedy)")
        #expect(Self.bytes(path) == damaged)

        // The restore line given works: the backup's data is back.
        let restore = try #require(reopened.backups.restoreCommand(userDatabase: path))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", restore]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "\(restore)")
        let restored = UserData(path: path)
        #expect(restored.problem == nil)
        #expect(try restored.bookmarks().map(\.articleID) == ["kept"])
        #expect(try restored.isRead("article-1999"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: corpus.locations.dataDirectory).filter { $0.hasPrefix("damaged-") }
        #expect(aside.count == 1, "the damaged file is moved aside, not deleted")
    }

    /// user.sqlite cut to 0 bytes after bookmarks were saved (and backed
    /// up): damage, named with the restore line, never a new empty database.
    @Test func anEmptiedFileWhereBookmarksWereIsDamageNotANewDatabase() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        let day = Date(timeIntervalSince1970: 1_764_547_200)
        try UserData(path: path, now: day).addBookmark(Self.bookmark("kept"))
        #expect(UserData(path: path, now: day.addingTimeInterval(86_400)).backups.all().count == 1)
        #expect(truncate(path, 0) == 0)
        let emptied = UserData(path: path, now: day.addingTimeInterval(2 * 86_400))
        let problem = try #require(emptied.problem)
        #expect(problem.kind == .damaged && problem.reason.contains("0 bytes"), "\(problem)")
        #expect(problem.remedy.contains("backups/user-2025-12-02.sqlite"), "\(problem.remedy)")
        #expect(throws: UserDataWriteError.self) { try emptied.addBookmark(Self.bookmark("new")) }
        #expect(Self.bytes(path)?.count == 0, "left as it is")
    }

    /// A link to nothing in user.sqlite's place: SQLite would create the
    /// file it names. It is reported, and nothing is created.
    @Test func aLinkToNothingIsNotWrittenThrough() throws {
        let corpus = try TemporaryCorpus(count: 2)
        let path = corpus.locations.userDatabase
        let target = corpus.locations.dataDirectory + "/elsewhere.sqlite"
        try FileManager.default.createDirectory(atPath: corpus.locations.dataDirectory, withIntermediateDirectories: true)
        #expect(symlink(target, path) == 0)
        let library = try corpus.library()
        let problem = try #require(library.userData.problem)
        #expect(problem.description.contains("a link to nothing"), "\(problem)")
        #expect(throws: UserDataWriteError.self) { try library.userData.addBookmark(Self.bookmark("a")) }
        try library.index.update()
        #expect(try library.list().count == 2)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func oneBackupADayAndTheLastFiveKept() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        let start = Date(timeIntervalSince1970: 1_764_547_200)
        try UserData(path: path, now: start).addBookmark(Self.bookmark("first"))
        for day in 1...7 {
            let userData = UserData(path: path, now: start.addingTimeInterval(Double(day) * 86_400))
            _ = UserData(path: path, now: start.addingTimeInterval(Double(day) * 86_400 + 3600))
            try userData.addBookmark(Self.bookmark("day-\(day)"))
        }
        let names = UserDataBackups(userDatabase: path).all().map { ($0 as NSString).lastPathComponent }
        #expect(names == (4...8).map { "user-2025-12-0\($0).sqlite" })
        // Each copy is a good database holding what was there that morning.
        let newest = try DatabaseQueue(path: try #require(UserDataBackups(userDatabase: path).newest))
        let ids = try newest.read { db in try String.fetchAll(db, sql: "SELECT article_id FROM bookmark ORDER BY article_id") }
        #expect(ids == ["day-1", "day-2", "day-3", "day-4", "day-5", "day-6", "first"])
        #expect(try newest.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") } == ["ok"])
    }

    @Test func aFreshFileWithNothingInItIsNotBackedUp() throws {
        let corpus = try TemporaryCorpus()
        let userData = UserData(path: corpus.locations.userDatabase)
        #expect(userData.problem == nil)
        #expect(userData.backups.all().isEmpty)
    }

    @Test func eightOpenersAtOnceOnAFreshFolderAllWork() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        let problems = Mutex8()
        ParallelLoop.run(iterations: 8) { number in
            let userData = UserData(path: path)
            if let problem = userData.problem { problems.add("\(number): \(problem)") }
            do {
                try userData.addBookmark(Self.bookmark("b\(number)"))
            } catch {
                problems.add("\(number): \(error)")
            }
        }
        #expect(problems.all.isEmpty, "\(problems.all)")
        let userData = UserData(path: path)
        #expect(try userData.bookmarks().count == 8)
        let applied = try userData.writer.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(applied == UserData.migrations.map(\.identifier).sorted())
    }

    @Test func aFileMadeByGRDBsMigratorIsTakenAsItIs() throws {
        let corpus = try TemporaryCorpus()
        let path = corpus.locations.userDatabase
        try FileManager.default.createDirectory(atPath: corpus.locations.dataDirectory, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            for (identifier, sql) in UserData.migrations {
                migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
            }
            try migrator.migrate(queue)
            try queue.write { db in try db.execute(sql: "INSERT INTO read_state VALUES ('old', 1)") }
        }
        let userData = UserData(path: path)
        #expect(userData.problem == nil)
        #expect(try userData.isRead("old"))
    }

    @Test func aDataFolderThatIsAFileIsReportedAndReadsWork() throws {
        let corpus = try TemporaryCorpus(count: 3)
        try Data("x".utf8).write(to: URL(fileURLWithPath: corpus.locations.dataDirectory))
        let library = try corpus.library()
        #expect(library.userData.problem?.kind == .unavailable)
        #expect(library.userData.problem?.path == corpus.locations.dataDirectory)
        try library.index.update()
        #expect(try library.list().count == 3)
        #expect(throws: UserDataWriteError.self) { try library.userData.removeBookmark(articleID: "x") }
    }
}

/// Strings gathered from several threads.
final class Mutex8: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
