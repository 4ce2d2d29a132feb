import CorpusGenerator
import Foundation
import Testing
@testable import SnapshotStore

/// The link table step of an update: the table it leaves is the one a build
/// from scratch makes, it resolves only what a change touches, and threads
/// read the same before and after incremental changes.
@Suite struct LinkTableStepTests {
    static let generator = CorpusGenerator(count: 160, seed: 21, outsidePercent: 15)

    /// A corpus of the generator's stories without the last twenty (quoted,
    /// but not there yet), indexed.
    static func indexedCorpus() throws -> (TemporaryCorpus, CorpusLibrary) {
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        for n in 140..<160 { try corpus.remove(generator.fileName(n)) }
        let library = try corpus.library()
        try library.index.update()
        return (corpus, library)
    }

    static func path(_ library: CorpusLibrary) -> String { LinkTableFile.path(forDatabase: library.index.database.path) }

    static func fresh(_ library: CorpusLibrary, instance: Int64) throws -> LinkTable {
        let characters = try library.index.characterIndex()
        return try library.index.database.writer.read { db in
            try LinkTable.build(characters: characters, text: library.index.text, db: db, instance: instance)
        }
    }

    static func step(_ library: CorpusLibrary, problem: ((String) -> Void)? = nil) -> LinkTableStep {
        LinkTableStep(database: library.index.database.writer, text: library.index.text, path: path(library), problem: problem)
    }

    /// Every change a file can go through, applied to the corpus.
    static func change(_ kind: String, _ corpus: TemporaryCorpus) throws {
        switch kind {
        case "added":
            for n in 140..<146 { try corpus.write(generator.fileName(n), generator.snapshot(n).text) }
        case "removed":
            for n in [4, 30, 31, 77] { try corpus.remove(generator.fileName(n)) }
        case "changed":
            // The items quoting story 50 no longer fit it; story 51 gains a copy.
            try corpus.write(generator.fileName(50), generator.snapshot(50).text.replacingOccurrences(of: "。", with: "!"))
            try corpus.write("copy/" + generator.fileName(51), generator.snapshot(51).text)
        default:
            Issue.record("no change \(kind)")
        }
    }

    /// A cold update leaves the table on disk, current: a thread has nothing to build.
    @Test func aColdUpdateWritesTheTable() throws {
        let (corpus, library) = try Self.indexedCorpus()
        defer { withExtendedLifetime(corpus) {} }
        let written = try #require(try LinkTableFile.load(path: Self.path(library)))
        #expect(written == (try Self.fresh(library, instance: written.instance)))
        #expect(written.targets.contains { $0 >= 0 }, "the corpus has links")
        #expect(try Self.step(library).run(characters: try library.index.characterIndex()).outcome == .current)
    }

    /// The step on its own, given the table of before the change: brought up
    /// to date incrementally, equal to a fresh build.
    @Test(arguments: ["added", "removed", "changed"])
    func theStepRefreshesToAFreshBuild(_ kind: String) throws {
        let (corpus, library) = try Self.indexedCorpus()
        let before = try #require(try LinkTableFile.load(path: Self.path(library)))
        try Self.change(kind, corpus)
        try library.index.update()
        // The update's own step already did it:
        #expect(try LinkTableFile.load(path: Self.path(library)) == (try Self.fresh(library, instance: before.instance)))
        // and so does the step alone, from the old table.
        try LinkTableFile.write(before, to: Self.path(library))
        let (table, outcome) = try Self.step(library).run(characters: try library.index.characterIndex())
        #expect(outcome == .refreshed)
        #expect(table == (try Self.fresh(library, instance: before.instance)))
        #expect(try LinkTableFile.load(path: Self.path(library)) == table)
    }

    /// Only the items of touched minutes are resolved again: a planted wrong
    /// answer elsewhere survives a refresh (which a rebuild would correct).
    @Test func answersOutsideTheTouchedMinutesAreKept() throws {
        let (corpus, library) = try Self.indexedCorpus()
        var before = try #require(try LinkTableFile.load(path: Self.path(library)))
        // A resolved item of story 100, not in any minute the change touches.
        let docno = try #require(try library.index.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT docno FROM article WHERE path = ?", arguments: [Self.generator.fileName(100)])
        })
        let position = try #require((Int(before.itemStart[docno])..<Int(before.itemStart[docno + 1])).first { before.targets[$0] >= 0 })
        before.targets[position] = -1
        before.invert()
        try corpus.write(Self.generator.fileName(140), Self.generator.snapshot(140).text)
        try library.index.update()
        try LinkTableFile.write(before, to: Self.path(library))
        let (table, outcome) = try Self.step(library).run(characters: try library.index.characterIndex())
        #expect(outcome == .refreshed)
        let refreshed = try #require(table)
        #expect(refreshed.targets[Int(refreshed.itemStart[docno]) + position - Int(before.itemStart[docno])] == -1)
        #expect(refreshed != (try Self.fresh(library, instance: before.instance)))
    }

    /// Threads read the same after each incremental change as a walk over a
    /// table built from scratch.
    @Test func threadsAreTheSameBeforeAndAfterIncrementalChanges() throws {
        let (corpus, library) = try Self.indexedCorpus()
        func threads() throws -> [[ThreadStory]] {
            try stride(from: 0, to: 160, by: 9).map(Self.generator.fileName).filter {
                FileManager.default.fileExists(atPath: corpus.corpus + "/" + $0)
            }.map { try library.thread(ofPath: $0, depth: 2) }
        }
        let initial = try threads()
        for kind in ["added", "removed", "changed"] {
            try Self.change(kind, corpus)
            try library.index.update()
            let incremental = try threads()
            // The same threads from a table made afresh (the file removed: the thread builds it).
            unlink(Self.path(library))
            #expect(try threads() == incremental, "after \(kind)")
            #expect(try LinkTableFile.load(path: Self.path(library)) == (try Self.fresh(library, instance: try LinkTableStep.instance(of: library.index.database.writer))))
        }
        // The changes moved some thread: the comparison sees changes.
        #expect(try threads() != initial)
    }

    /// A damaged file met by the update's step is reported once, naming the
    /// file, and rebuilt.
    @Test func aDamagedFileIsRebuiltByTheUpdate() throws {
        let (corpus, library) = try Self.indexedCorpus()
        let lines = Locked<[String]>([])
        library.index.onDamage = { line in lines.withLock { $0.append(line) } }
        let path = Self.path(library)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        try Self.change("added", corpus)
        try library.index.update()
        let heard = lines.withLock { $0 }
        #expect(heard.count == 1 && heard.first?.contains(path) == true, "\(heard)")
        let table = try #require(try LinkTableFile.load(path: path))
        #expect(table == (try Self.fresh(library, instance: table.instance)))
    }

    /// The checksum the file was first written with, all of it at once.
    static func wholeChecksum(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        bytes.withUnsafeBytes { raw in
            for index in 0..<words {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                hash = (hash << 29) | (hash >> 35)
            }
        }
        for byte in bytes[(words * 8)...] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        return hash ^ (hash >> 33)
    }

    /// The file is written in pieces (no copy of it whole) and summed on the
    /// way: the same checksum as over the bytes at once, whatever the
    /// pieces' sizes, so files written before read back.
    @Test(arguments: [1, 3, 8, 13, 4096])
    func theChecksumOfPiecesIsTheChecksumOfTheWhole(_ piece: Int) {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<10_007).map { _ in UInt8.random(in: 0 ... .max, using: &random) }
        var sum = LinkTableFile.StreamingChecksum(length: bytes.count)
        bytes.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: piece) {
                sum.add(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + piece)]))
            }
        }
        #expect(sum.finish() == Self.wholeChecksum(bytes))
        #expect(bytes.withUnsafeBytes { LinkTableFile.checksum($0) } == Self.wholeChecksum(bytes))
    }

    /// A table written by pieces reads back as itself.
    @Test func aTableWrittenInPiecesReadsBack() throws {
        let (corpus, library) = try Self.indexedCorpus()
        defer { withExtendedLifetime(corpus) {} }
        let table = try Self.fresh(library, instance: 7)
        let bytes = LinkTableFile.encode(table)
        #expect(bytes.count == LinkTableFile.encodedSize(table))
        #expect(Array(bytes.suffix(8)) == withUnsafeBytes(of: Self.wholeChecksum(Array(bytes.dropLast(8))).littleEndian) { Array($0) })
        #expect(try bytes.withUnsafeBytes { try LinkTableFile.decode($0) } == table)
    }
}

/// The candidates' index by time finds, through its buckets, the position a
/// search of the whole array finds: times in clusters, in one second, and
/// decades apart (the buckets widen), asked for before, between and after.
@Suite struct LinkCandidateBucketTests {
    @Test(arguments: [1, 7, 1000]) func aBucketsSearchIsTheWholeArraysSearch(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var times: [Int64] = []
        for _ in 0..<400 {
            let base = 1_700_000_000 + Int64(random.next() % 86_400)
            for _ in 0..<Int(random.next() % 4) { times.append(base + Int64(random.next() % 120)) }
        }
        times += [0, 2_000_000_000, 1_700_000_000, 1_700_000_000, 1_700_000_000]
        times += (0..<5).map { _ in -2_000_000_000 + Int64(random.next() % 1_000_000_000) }
        let byTime = times.sorted().enumerated().map { (published: $0.element, docno: Int32($0.offset)) }
        let (shift, start) = LinkCandidateIndex.buckets(byTime)
        #expect(start.count - 1 <= 2 * byTime.count + 17, "at most about two buckets an article")
        var asked: [Int64] = [Int64.min / 4, -3_000_000_000, 3_000_000_000, Int64.max / 4]
        for pair in byTime {
            let time: Int64 = pair.published
            asked += [time - 1, time, time + 1, time + 59]
        }
        for time in asked {
            let expected = byTime.firstIndex { $0.published >= time } ?? byTime.count
            #expect(LinkCandidateIndex.lowerBound(time, in: byTime, shift: shift, start: start) == expected, "\(time)")
        }
        #expect(LinkCandidateIndex.lowerBound(5, in: [], shift: 6, start: LinkCandidateIndex.buckets([]).start) == 0)
    }
}
