import CPageChecksum
import CorpusGenerator
import Foundation
import GRDB
import Synchronization
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// A flipped bit anywhere in index.sqlite (a row's title, path or date, a
/// related frame, a copy band, an index entry, an overflow page, the
/// write-ahead log) costs time only: every page carries a checksum that is
/// checked as it is read, so search, list, related, copies, threads and
/// backlinks answer exactly what a fresh index answers.
@Suite(.serialized) struct IndexPageDamageTests {
    /// What the corpus answers, copies included.
    static func answers(_ library: CorpusLibrary, paths: [String]) throws -> [String] {
        var lines = try CacheEntryDamageTests.answers(library, paths: paths)
        for path in paths {
            lines += try (library.copies(ofPath: path) ?? []).map { "copy \(path): \($0.path)" }
        }
        lines += try library.copyGroups().map { "group: \($0.sorted().joined(separator: " "))" }.sorted()
        lines += try library.list(limit: 5).map { "list 5: \($0.path) \($0.publishedAt.map { String($0.epochSeconds) } ?? "-") \($0.source ?? "-")" }
        return lines
    }

    /// One page of the database: its number and what SQLite's dbstat says it is.
    struct Page: CustomStringConvertible {
        var number: Int
        var kind: String
        var description: String { "page \(number) (\(kind))" }
    }

    /// The pages of the index at `path`, by kind: table or index, interior,
    /// leaf or overflow (from the dbstat table), and page 1 with the header.
    static func pages(of path: String) throws -> [Page] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let indexes = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'"))
            let withoutRowid = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'"))
            return try Row.fetchAll(db, sql: "SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno").map { row in
                let name: String = row[0]
                let kind = indexes.contains(name) || withoutRowid.contains(name) || name.hasPrefix("sqlite_autoindex") ? "index" : "table"
                return Page(number: row[1], kind: "\(kind) \(row[2] as String) of \(name)")
            }
        }
    }

    /// The cache folder's files, as bytes.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        try FileManager.default.contentsOfDirectory(atPath: folder).reduce(into: [String: Data]()) { files, name in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
    }

    static func restore(_ files: [String: Data], to folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) { unlink(folder + "/" + name) }
        for (name, data) in files { try data.write(to: URL(fileURLWithPath: folder + "/" + name)) }
    }

    /// Opens the corpus on its damaged cache and answers, with the lines said about the damage.
    static func answersAfterDamage(_ corpus: TemporaryCorpus, paths: [String],
                                   monitor: (any ChangeMonitor)? = CacheDamageTests.FixedMonitor()) throws -> ([String], [String]) {
        let (library, reports) = try corpus.libraryHearingDamage()
        library.index.changeMonitor = monitor
        try library.index.update()
        let answers = try Self.answers(library, paths: paths)
        return (answers, reports.withLock { $0 })
    }

    @Test func aFlippedBitInAnyKindOfPageIsSeenAndRebuilt() throws {
        // Long bylines and excerpts give overflow pages; copies give bands.
        let corpus = try TemporaryCorpus(count: 80, seed: 11)
        let (expected, paths, cache) = try CacheEntryDamageTests.freshAnswers(corpus, pathCount: 4, answers: Self.answers)
        #expect(expected.contains { $0.hasPrefix("related") && !$0.hasSuffix("-> none") })
        #expect(IndexDatabase.reservedBytes(cache) == IndexDatabase.pageChecksumBytes)
        let folder = (cache as NSString).deletingLastPathComponent
        let good = try Self.snapshot(folder)
        #expect(good["index.sqlite-wal"] == nil || good["index.sqlite-wal"]?.isEmpty == true)
        let pages = try Self.pages(of: cache)
        // A few pages of every kind, the first, a middle one and the last.
        var chosen: [Page] = [Page(number: 1, kind: "header")]
        // The paragraph counts are read only by an update that groups
        // copies (`aFlippedBitInTheParagraphCountsIsSeenByTheNextGrouping`).
        for kind in Set(pages.map(\.kind)).sorted() where !kind.hasSuffix("of copy_paragraph_count") {
            let ofKind = pages.filter { $0.kind == kind }
            chosen += [ofKind.first, ofKind.count > 2 ? ofKind[ofKind.count / 2] : nil, ofKind.last].compactMap { $0 }
        }
        let kinds = Set(chosen.map { $0.kind.split(separator: " ").prefix(2).joined(separator: " ") })
        #expect(kinds.isSuperset(of: ["table leaf", "table internal", "index leaf", "table overflow"]), "\(kinds)")
        let pageSize = good["index.sqlite"].map { Int($0[16]) << 8 | Int($0[17]) << 16 } ?? 4096
        var random = CacheDamageTests.SeededRandom(state: 17)
        var seen = 0
        var articleLeavesSeen = 0
        for page in chosen {
            // A bit in the page's content area, never its checksum: what a failing disk does to a row.
            let within = page.number == 1 ? Int.random(in: 100..<(pageSize - 8), using: &random)
                                          : Int.random(in: 0..<(pageSize - 8), using: &random)
            let offset = (page.number - 1) * pageSize + within
            var files = good
            var bytes = [UInt8](files["index.sqlite"] ?? Data())
            guard offset < bytes.count else { continue }
            bytes[offset] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            files["index.sqlite"] = Data(bytes)
            try Self.restore(files, to: folder)
            let (answers, lines) = try Self.answersAfterDamage(corpus, paths: paths)
            let firstDifference = zip(answers, expected).first { $0 != $1 }.map { "\($0.0) instead of \($0.1)" }
            #expect(answers.count == expected.count && firstDifference == nil,
                    "\(page) byte \(within): \(answers.count) answers of \(expected.count); \(firstDifference ?? "") (\(lines))")
            #expect(lines.count <= 1, "\(page): \(lines)")
            for line in lines { #expect(line.contains(folder) && line.contains("damaged"), "\(line)") }
            seen += lines.count
            if page.kind == "table leaf of article" { articleLeavesSeen += lines.count }
        }
        // Pages no query reads may stay unseen until one does; the rest are seen.
        #expect(seen * 2 >= chosen.count, "\(seen) of \(chosen.count) flips reported")
        #expect(articleLeavesSeen == chosen.filter { $0.kind == "table leaf of article" }.count)
    }

    /// A page of the paragraph counts is read when an update groups copies:
    /// a flipped bit there is one line at the next update that adds a file,
    /// and the groups are then those of a fresh index.
    @Test func aFlippedBitInTheParagraphCountsIsSeenByTheNextGrouping() throws {
        let corpus = try TemporaryCorpus(count: 60, seed: 11)
        let (_, _, cache) = try CacheEntryDamageTests.freshAnswers(corpus, pathCount: 1, answers: Self.answers)
        let folder = (cache as NSString).deletingLastPathComponent
        let good = try Self.snapshot(folder)
        let countPages = try Self.pages(of: cache).filter { $0.kind.hasSuffix("of copy_paragraph_count") }
        let page = try #require(countPages.first { $0.kind.contains("leaf") })
        let pageSize = good["index.sqlite"].map { Int($0[16]) << 8 | Int($0[17]) << 16 } ?? 4096
        var files = good
        var bytes = [UInt8](try #require(files["index.sqlite"]))
        bytes[(page.number - 1) * pageSize + 200] ^= 0x10
        files["index.sqlite"] = Data(bytes)
        try Self.restore(files, to: folder)
        // One more file: the update groups copies, and reads the counts.
        let extra = CorpusGenerator(count: 61, seed: 11)
        let added = extra.snapshot(60)
        try corpus.write("added-" + (added.fileName as NSString).lastPathComponent, added.text)
        let (library, reports) = try corpus.libraryHearingDamage()
        try library.index.update()
        let lines = reports.withLock { $0 }
        #expect(lines.count == 1 && lines.allSatisfy { $0.contains(folder) && $0.contains("damaged") }, "\(lines)")
        let copy = TemporaryCorpusCopy(of: corpus)
        let fresh = try copy.library()
        try fresh.index.update()
        #expect(try library.copyGroups().map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
                == fresh.copyGroups().map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(try library.list().count == 61)
    }

    /// Damage found while another process has the index open (a reader in
    /// another terminal) empties the database in place: the file stays the
    /// one both have open, the other process answers from the rebuilt index
    /// at its next update, and a newcomer after both finds it whole.
    @Test func aDamagedIndexThatAnotherProcessHasOpenIsEmptiedInPlace() throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 21)
        let (expected, paths, cache) = try CacheEntryDamageTests.freshAnswers(corpus, pathCount: 3, answers: Self.answers)
        let other = try corpus.library()
        other.index.changeMonitor = CacheDamageTests.FixedMonitor()
        try other.index.update()
        #expect(try Self.answers(other, paths: paths) == expected)
        var before = stat()
        #expect(stat(cache, &before) == 0)
        let page = try #require(try Self.pages(of: cache).first { $0.kind == "table leaf of article" })
        let descriptor = open(cache, O_RDWR)
        var byte: UInt8 = 0
        let offset = off_t((page.number - 1) * 4096 + 2000)
        #expect(pread(descriptor, &byte, 1, offset) == 1)
        byte ^= 0x10
        #expect(pwrite(descriptor, &byte, 1, offset) == 1)
        close(descriptor)

        let (answers, lines) = try Self.answersAfterDamage(corpus, paths: paths)
        #expect(answers == expected)
        #expect(lines.count == 1 && lines.first?.contains("damaged") == true, "\(lines)")
        var after = stat()
        #expect(stat(cache, &after) == 0 && after.st_ino == before.st_ino)
        try other.index.update()
        #expect(try Self.answers(other, paths: paths) == expected)
        let (later, laterLines) = try Self.answersAfterDamage(corpus, paths: paths)
        #expect(later == expected && laterLines.isEmpty, "\(laterLines)")
    }

    /// Each page read checks its checksum: a flip in one word of a page is
    /// always seen, and so is the same page at another place.
    @Test func thePageChecksumSeesEveryFlipAndAMovedPage() {
        var random = CacheDamageTests.SeededRandom(state: 5)
        let page = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let sum = page.withUnsafeBufferPointer { snapread_page_checksum($0.baseAddress, 4096, 7) }
        for bit in stride(from: 0, to: (4096 - 8) * 8, by: 61) {
            var flipped = page
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(flipped.withUnsafeBufferPointer { snapread_page_checksum($0.baseAddress, 4096, 7) } != sum)
        }
        #expect(page.withUnsafeBufferPointer { snapread_page_checksum($0.baseAddress, 4096, 8) } != sum)
        #expect(page.withUnsafeBufferPointer { snapread_page_checksum($0.baseAddress, 4096, 7) } == sum)
    }

    /// An index written before pages had checksums is read again from the files, once.
    @Test func anIndexWithoutPageChecksumsIsRebuiltOnce() throws {
        let corpus = try TemporaryCorpus(count: 12, seed: 3)
        let path = corpus.locations.indexDatabase(forCorpus: StoreLocations.canonicalPath(corpus.corpus))
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            // An old index: no reserved bytes, a table with a row.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE old (x); INSERT INTO old VALUES (1)") }
            try queue.close()
        }
        #expect(IndexDatabase.reservedBytes(path) == 0)
        let (library, reports) = try corpus.libraryHearingDamage()
        try library.index.update()
        #expect(try library.list().count == 12)
        #expect(IndexDatabase.reservedBytes(path) == IndexDatabase.pageChecksumBytes)
        #expect(reports.withLock { $0 }.count == 1)
        #expect(reports.withLock { $0 }.first?.contains("older format") == true)
        _ = try corpus.library().list()
        #expect(reports.withLock { $0 }.count == 1)
    }

    /// A write-ahead log left by a process killed in the middle of an
    /// update, with a flipped bit in any of its frames (or its header):
    /// SQLite drops the frames from there on, and the index, missing that
    /// part of the update, is brought up to date again; the answers are
    /// those of a fresh index.
    @Test func aDamagedLogLeftByAKilledUpdateCostsTimeOnly() throws {
        let corpus = try TemporaryCorpus(count: 50, seed: 13)
        let expected: [String]
        let paths: [String]
        let folder: String
        var crash: [String: Data] = [:]
        do {
            let library = try corpus.library()
            library.index.changeMonitor = CacheDamageTests.FixedMonitor()
            try library.index.update()
            folder = (library.index.database.path as NSString).deletingLastPathComponent
            // Twenty more files, and the update killed after its batch went in:
            // the cache as it is then, its log included.
            for number in 0..<20 {
                let source = corpus.corpus + "/" + (try library.list()[number % 10].path)
                try FileManager.default.copyItem(atPath: source, toPath: corpus.corpus + "/extra-\(number).txt")
                let text = try String(contentsOfFile: source, encoding: .utf8).replacingOccurrences(of: "。", with: "。补\(number)", options: [], range: nil)
                try Data(text.utf8).write(to: URL(fileURLWithPath: corpus.corpus + "/extra-\(number).txt"))
            }
            // No watcher vouching: the new files are looked for.
            library.index.changeMonitor = nil
            try library.index.update(progress: { _ in
                if crash.isEmpty, let files = try? Self.snapshot(folder) { crash = files }
            })
            paths = Array(try library.list().map(\.path).filter { !$0.hasPrefix("extra") }.prefix(4))
            expected = try Self.answers(library, paths: paths)
        }
        let log = try #require(crash["index.sqlite-wal"], "\(crash.keys.sorted())")
        crash["index.sqlite-shm"] = nil
        #expect(log.count > 32 + 24 + 4096, "the log holds \(log.count) bytes")
        let pageSize = 4096
        let frames = (log.count - 32) / (pageSize + 24)
        var random = CacheDamageTests.SeededRandom(state: 29)
        var offsets = [3, 20, 27]  // the log's header: magic, salt, checksum
        for frame in [0, frames / 2, frames - 1] {
            let start = 32 + frame * (pageSize + 24)
            offsets.append(start + Int.random(in: 0..<24, using: &random))           // the frame's header
            offsets.append(start + 24 + Int.random(in: 0..<pageSize, using: &random)) // its page
        }
        for offset in offsets where offset < log.count {
            var files = crash
            var bytes = [UInt8](log)
            bytes[offset] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            files["index.sqlite-wal"] = Data(bytes)
            try Self.restore(files, to: folder)
            // The files changed since the cache's watch token was saved: no
            // watcher may vouch for them (a real one counted the new files).
            let (answers, lines) = try Self.answersAfterDamage(corpus, paths: paths, monitor: nil)
            let firstDifference = zip(answers, expected).first { $0 != $1 }.map { "\($0.0) instead of \($0.1)" }
            #expect(answers.count == expected.count && firstDifference == nil,
                    "log byte \(offset): \(answers.count) answers of \(expected.count); \(firstDifference ?? "") (\(lines))")
            #expect(lines.count <= 1, "log byte \(offset): \(lines)")
        }
    }
}
