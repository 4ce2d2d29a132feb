import Foundation
import GRDB
import Testing
@testable import SnapshotStore

/// A cache file replaced by something that is not a file: a directory, a
/// FIFO (whose open would wait for a writer forever), a symbolic link loop.
/// Each is damage like a cut file: one line, the index rebuilt, the same
/// answers as before, and nothing waits. A lock file so replaced is made
/// again, without a line.
@Suite(.serialized) struct CacheEntryDamageTests {
    enum Entry: String, CaseIterable {
        case directory, fifo, linkLoop

        func put(at path: String) throws {
            unlink(path)
            switch self {
            case .directory:
                try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
            case .fifo:
                #expect(mkfifo(path, 0o644) == 0)
            case .linkLoop:
                #expect(symlink(path, path) == 0)
            }
        }
    }

    /// What the corpus answers, with the threads and backlinks that read
    /// the link table file.
    static func answers(_ library: CorpusLibrary, paths: [String]) throws -> [String] {
        var lines = try CacheDamageTests.answers(library, paths: paths)
        for path in paths {
            lines += try library.thread(ofPath: path).map { "thread \(path): \($0.article.path) \($0.depth)" }
            lines += try library.backlinks(ofPath: path).map { "backlink \(path): \($0.path)" }
        }
        return lines
    }

    /// A fresh index of `corpus`, closed again before the caller damages it:
    /// what `answers` says of its first `pathCount` articles, their paths,
    /// and the database's path.
    static func freshAnswers(_ corpus: TemporaryCorpus, pathCount: Int,
                             answers: (CorpusLibrary, [String]) throws -> [String]) throws -> (expected: [String], paths: [String], cache: String) {
        let library = try corpus.library()
        library.index.changeMonitor = CacheDamageTests.FixedMonitor()
        try library.index.update()
        let paths = Array(try library.list().prefix(pathCount).map(\.path))
        return (try answers(library, paths), paths, library.index.database.path)
    }

    /// Runs `body` on another thread and gives up after a minute, so that a
    /// regression that waits on a FIFO fails the test instead of hanging it.
    static func withinAMinute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T? {
        let result = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + 60) == .success else { return nil }
        return try result.withLock { $0 }?.get()
    }

    @Test(arguments: ["", "-wal", ".chars", ".text", ".state", ".watch", ".links", ".lock", ".open-lock", ".links.lock"], Entry.allCases)
    func aCacheFileThatIsNoFileIsRebuilt(suffix: String, entry: Entry) throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 11)
        let (expected, paths, cache) = try Self.freshAnswers(corpus, pathCount: 3, answers: Self.answers)
        #expect(expected.contains { $0.hasPrefix("thread") } && expected.contains { $0.hasPrefix("backlink") })
        try entry.put(at: cache + suffix)
        let locations = corpus.locations
        let root = corpus.corpus
        let outcome = try Self.withinAMinute { () -> ([String], [String]) in
            let reports = Locked<[String]>([])
            let index = try CorpusIndex(corpus: root, locations: locations, onDamage: { line in reports.withLock { $0.append(line) } })
            index.changeMonitor = CacheDamageTests.FixedMonitor()
            let library = try CorpusLibrary(index: index, userData: UserData(path: locations.userDatabase))
            try library.index.update()
            let answers = try Self.answers(library, paths: paths)
            return (answers, reports.withLock { $0 })
        }
        guard let (answers, lines) = outcome else {
            Issue.record("\(suffix) as \(entry): still waiting after a minute")
            return
        }
        #expect(answers == expected, "\(suffix) as \(entry): \(zip(answers, expected).first { $0 != $1 }.map { "\($0)" } ?? "\(answers.count) of \(expected.count)")")
        if suffix.hasSuffix("lock") {
            #expect(lines.isEmpty, "\(lines)")
        } else {
            #expect(lines.count == 1 && lines.allSatisfy { $0.contains(cache + suffix) && $0.contains("damaged") }, "\(suffix) as \(entry): \(lines)")
        }
        // A lock file is made again only by the step that takes it.
        var info = stat()
        #expect(suffix.hasSuffix("lock") || lstat(cache + suffix, &info) != 0 || info.st_mode & S_IFMT == S_IFREG,
                "\(suffix) as \(entry) was left in place")
    }

    /// The corpus's cache folder itself replaced by a file, a FIFO or a link
    /// to nothing: one line naming it, the folder made anew, the same answers.
    @Test(arguments: ["file", "fifo", "dangling"])
    func aCacheFolderThatIsNoFolderIsMadeAgain(kind: String) throws {
        let corpus = try TemporaryCorpus(count: 20, seed: 4)
        let (expected, paths, cache) = try Self.freshAnswers(corpus, pathCount: 3, answers: CacheDamageTests.answers)
        let folder = (cache as NSString).deletingLastPathComponent
        try FileManager.default.removeItem(atPath: folder)
        switch kind {
        case "file": try "x\n".write(toFile: folder, atomically: false, encoding: .utf8)
        case "fifo": #expect(mkfifo(folder, 0o644) == 0)
        default: #expect(symlink(folder + "-nowhere", folder) == 0)
        }
        let locations = corpus.locations
        let root = corpus.corpus
        let outcome = try Self.withinAMinute { () -> ([String], [String]) in
            let reports = Locked<[String]>([])
            let index = try CorpusIndex(corpus: root, locations: locations, onDamage: { line in reports.withLock { $0.append(line) } })
            index.changeMonitor = CacheDamageTests.FixedMonitor()
            let library = try CorpusLibrary(index: index, userData: UserData(path: locations.userDatabase))
            try library.index.update()
            return (try CacheDamageTests.answers(library, paths: paths), reports.withLock { $0 })
        }
        let (answers, lines) = try #require(outcome, "still waiting after a minute")
        #expect(answers == expected)
        #expect(lines.count == 1 && lines[0].contains(folder) && lines[0].contains("not a folder"), "\(lines)")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
    }

    /// A cache folder that cannot be made: one line naming it and what to do.
    @Test func aCacheFolderThatCannotBeMadeIsOneLine() throws {
        let corpus = try TemporaryCorpus(count: 3)
        let folder = NSTemporaryDirectory() + "snapread-cache-parent-" + UUID().uuidString
        try "not a folder\n".write(toFile: folder, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try IndexDatabase.makeCacheFolder(folder + "/corpus-1234", onDamage: { _ in })
        } throws: { error in
            let text = "\(error)"
            return text.contains(folder + "/corpus-1234: the index cannot be kept here (not a folder: \(folder))") && text.contains("XDG_CACHE_HOME")
                && !text.contains("NSCocoaErrorDomain")
        }
        _ = corpus
    }

    /// A row of `article` whose place of its related items is not a number
    /// (a flipped bit in the row's header can make a number text) is damage:
    /// `related` and `backlinks` rebuild, and answer as before.
    @Test(arguments: [
        "UPDATE article SET related_frame = 'x' WHERE related_frame IS NOT NULL",
        "UPDATE article SET related_start = 'x' WHERE related_frame IS NOT NULL",
        "UPDATE related_date SET position = position + 50",
        "UPDATE related_date SET position = 'x' || position",
    ])
    func aRelatedItemsPlaceOfAnotherTypeIsDamage(statement: String) throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 11)
        let expected: [String]
        let paths: [String]
        do {
            let library = try corpus.library()
            try library.index.update()
            paths = Array(try library.list().prefix(3).map(\.path))
            expected = try paths.flatMap { path in
                try library.related(ofPath: path).map { "\(path) \($0.item.excerpt) \($0.target?.path ?? "-")" }
                    + library.backlinks(ofPath: path).map { "\(path) <- \($0.path)" }
            }
            try library.index.database.writer.write { db in try db.execute(sql: statement) }
        }
        #expect(expected.contains { $0.contains(" <- ") })
        let (library, reports) = try corpus.libraryHearingDamage()
        let answers = try paths.flatMap { path in
            try library.related(ofPath: path).map { "\(path) \($0.item.excerpt) \($0.target?.path ?? "-")" }
                + library.backlinks(ofPath: path).map { "\(path) <- \($0.path)" }
        }
        #expect(answers == expected)
        let lines = reports.withLock { $0 }
        #expect(lines.count == 1 && lines[0].contains("related items"), "\(lines)")
    }

    /// `thread` and `timeline QUERY` read the text store (a link table
    /// built, a search verified): a cut or zeroed store is rebuilt there too,
    /// instead of failing every later run or counting from damaged text.
    @Test(arguments: ["cut", "zeroed"])
    func threadAndTimelineRebuildADamagedTextStore(damage: String) throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 11)
        func answers(_ library: CorpusLibrary, _ paths: [String]) throws -> [String] {
            try paths.flatMap { path in try library.thread(ofPath: path).map { "\(path): \($0.article.path) \($0.depth)" } }
                + library.timeline(query: "社区", by: .month).periods.map { "\($0.label) \($0.count)" }
                + library.timeline(query: "。", by: .day).periods.map { "\($0.label) \($0.count)" }
        }
        let expected: [String]
        let paths: [String]
        let text: String
        do {
            let library = try corpus.library()
            try library.index.update()
            paths = Array(try library.list().prefix(3).map(\.path))
            expected = try answers(library, paths)
            text = library.index.database.path + ".text"
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: text)))
        if damage == "cut" { bytes.removeLast(bytes.count / 2) } else { bytes.replaceSubrange(0..<min(4096, bytes.count), with: [UInt8](repeating: 0, count: min(4096, bytes.count))) }
        try Data(bytes).write(to: URL(fileURLWithPath: text))
        try FileManager.default.removeItem(atPath: text.replacingOccurrences(of: ".text", with: ".links"))
        let (library, reports) = try corpus.libraryHearingDamage()
        #expect(try answers(library, paths) == expected)
        #expect(reports.withLock { $0 }.count == 1, "\(reports.withLock { $0 })")
    }
}

/// A full disk under the cache: SQLite's "database or disk is full" names
/// the database file (it said `SQLite error 13` and no file), and the next
/// update, with room again, answers as a fresh index does.
@Suite struct FullCacheTests {
    @Test func aFullDatabaseIsNamedAndTheNextRunRecovers() throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 11)
        let expected: [String]
        do {
            let fresh = try TemporaryCorpus(count: 40, seed: 11)
            let library = try fresh.library()
            try library.index.update()
            expected = try library.list().map { "\($0.path) \($0.title)" }
        }
        do {
            let library = try corpus.library()
            // max_page_count makes SQLite answer SQLITE_FULL as a full disk would.
            try library.index.database.onEveryConnection { db in try db.execute(sql: "PRAGMA max_page_count = 12") }
            #expect {
                try library.index.update()
            } throws: { error in
                guard case StoreError.io(let file, let reason) = error else { return false }
                return file == library.index.database.path && reason.contains("disk full")
            }
        }
        let library = try corpus.library()
        try library.index.update()
        #expect(try library.list().map { "\($0.path) \($0.title)" } == expected)
    }
}

/// A checkpoint cut short by a full disk leaves `index.sqlite` shorter than
/// its header says while the write-ahead log holds the rest: a whole
/// database, which the next command threw away as "truncated" (and, the
/// disk still full, could not rebuild). A short file whose log cannot hold
/// the missing pages is still damage.
@Suite struct CutCheckpointTests {
    static func writeDatabase(at path: String, pages: Int, headerPages: Int, logFrames: Int?) throws {
        var bytes = [UInt8](repeating: 0, count: pages * 4096)
        bytes.replaceSubrange(0..<16, with: Array("SQLite format 3\u{0}".utf8))
        bytes[16] = 0x10 // page size 4096, big endian
        bytes[17] = 0x00
        func put(_ value: Int, at offset: Int) { for index in 0..<4 { bytes[offset + index] = UInt8((value >> (8 * (3 - index))) & 0xFF) } }
        put(7, at: 24) // change counter
        put(headerPages, at: 28)
        put(7, at: 92) // version valid for
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        unlink(path + "-wal")
        if let logFrames { try Data(count: 32 + logFrames * (4096 + 24)).write(to: URL(fileURLWithPath: path + "-wal")) }
    }

    @Test func aShortFileIsWholeWhenItsLogHoldsTheRest() throws {
        let folder = NSTemporaryDirectory() + "snapread-checkpoint-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/index.sqlite"
        try Self.writeDatabase(at: path, pages: 6, headerPages: 20, logFrames: 30)
        #expect(IndexDatabase.headerProblem(path) == nil)
        try Self.writeDatabase(at: path, pages: 6, headerPages: 20, logFrames: 3)
        #expect(IndexDatabase.headerProblem(path) == "truncated (6 pages of 20)")
        try Self.writeDatabase(at: path, pages: 6, headerPages: 20, logFrames: nil)
        #expect(IndexDatabase.headerProblem(path) == "truncated (6 pages of 20)")
        try Self.writeDatabase(at: path, pages: 20, headerPages: 20, logFrames: nil)
        #expect(IndexDatabase.headerProblem(path) == nil)
    }
}
