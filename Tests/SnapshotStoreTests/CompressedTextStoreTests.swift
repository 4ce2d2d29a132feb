import Foundation
import GRDB
import Synchronization
import Testing
@testable import SnapshotStore

/// The text store in lz4 frames: what is appended reads back the same
/// (through the mapping, on several threads, and with pread), an article
/// never spans two frames, the file is smaller than the text, a killed run's
/// tail is cut off, and damage to a frame costs a rebuild, not an answer.
@Suite struct CompressedTextStoreTests {
    /// Article-like text: Chinese paragraphs that repeat as news does, of varying lengths.
    static func articles(_ count: Int, seed: UInt64 = 1) -> [[UInt8]] {
        var random = CacheDamageTests.SeededRandom(state: seed)
        let words = ["社区", "食堂", "开到", "家门口", "老人", "吃饭", "有了", "着落", "记者", "走访", "发现", "。", ",", "村里", "书店", "周末"]
        return (0..<count).map { number in
            var text = "第\(number)篇"
            let length = number % 17 == 0 ? 30_000 : Int.random(in: 40...900, using: &random)
            while text.utf8.count < length { text += words[Int.random(in: 0..<words.count, using: &random)] }
            return Array(text.utf8)
        }
    }

    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "text-store-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// An index of `count` articles turned by `older` into what an older
    /// version wrote (given the database and the index's path) is thrown
    /// away with one line naming `reason` and the cache, and read again to
    /// the same answers.
    static func expectRebuiltWithOneLine(count: Int, seed: UInt64, reason: String,
                                         older: (Database, String) throws -> Void) throws {
        let corpus = try TemporaryCorpus(count: count, seed: seed)
        let fresh = try corpus.library()
        try fresh.index.update()
        let paths = try fresh.list().prefix(3).map(\.path)
        let expected = try CacheDamageTests.answers(fresh, paths: paths)
        let cache = fresh.index.database.path
        do {
            let old = try DatabaseQueue(path: cache)
            try old.write { db in try older(db, cache) }
        }
        let (library, reports) = try corpus.libraryHearingDamage()
        let summary = try library.index.update()
        let lines = reports.withLock { $0 }
        #expect(lines.count == 1 && lines.first?.contains(reason) == true && lines.first?.contains(cache) == true, "\(lines)")
        #expect(summary.indexed == count)
        #expect(try CacheDamageTests.answers(library, paths: paths) == expected)
    }

    /// An index of the format before (migrations up to v7, its text store
    /// in zstd frames, magic `SRTZ`).
    @Test func anIndexWithAZstdTextStoreIsRebuiltWithOneLine() throws {
        try Self.expectRebuiltWithOneLine(count: 60, seed: 5, reason: "the text store in zstd frames") { db, cache in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN (?, ?, ?, ?, ?)",
                           arguments: [IndexDatabase.lz4TextMigration, IndexDatabase.paragraphSignaturesMigration,
                                       IndexDatabase.boilerplateRulesMigration, IndexDatabase.paragraphEndsMigration,
                                       IndexDatabase.paragraphHeadsAndTailsMigration])
            // What the older version wrote: the same headers with zstd's magic.
            var text = try Data(contentsOf: URL(fileURLWithPath: cache + ".text"))
            #expect(text.prefix(4) == Data("SRTL".utf8))
            text.replaceSubrange(0..<4, with: Data("SRTZ".utf8))
            try text.write(to: URL(fileURLWithPath: cache + ".text"))
        }
    }

    /// An index of v8 (copy signatures of 32-bit bins, no paragraphs).
    @Test func anIndexWithoutParagraphSignaturesIsRebuiltWithOneLine() throws {
        try Self.expectRebuiltWithOneLine(count: 40, seed: 6, reason: "copy signatures without their paragraphs") { db, _ in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN (?, ?, ?, ?)",
                           arguments: [IndexDatabase.paragraphSignaturesMigration, IndexDatabase.boilerplateRulesMigration,
                                       IndexDatabase.paragraphEndsMigration, IndexDatabase.paragraphHeadsAndTailsMigration])
            try db.execute(sql: "DROP TABLE copy_paragraph_count; DROP TABLE copy_removed")
        }
    }

    /// An index of v9 (groups made by the rules before widely copied
    /// stories and variants of a notice).
    @Test func anIndexGroupedByEarlierRulesIsRebuiltWithOneLine() throws {
        try Self.expectRebuiltWithOneLine(count: 40, seed: 7, reason: "copies grouped by earlier rules") { db, _ in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN (?, ?, ?)",
                           arguments: [IndexDatabase.boilerplateRulesMigration, IndexDatabase.paragraphEndsMigration,
                                       IndexDatabase.paragraphHeadsAndTailsMigration])
        }
    }

    /// An index of v10 (signatures whose paragraphs have no ends, 6 bytes each).
    @Test func anIndexWithoutParagraphEndsIsRebuiltWithOneLine() throws {
        try Self.expectRebuiltWithOneLine(count: 40, seed: 8, reason: "copy signatures without their paragraphs' ends") { db, _ in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN (?, ?)",
                           arguments: [IndexDatabase.paragraphEndsMigration, IndexDatabase.paragraphHeadsAndTailsMigration])
        }
    }

    /// An index of v11 (signatures whose paragraphs' ends are one hash).
    @Test func anIndexWithParagraphEndsAsOneHashIsRebuiltWithOneLine() throws {
        try Self.expectRebuiltWithOneLine(count: 40, seed: 9, reason: "copy signatures without their paragraphs' heads and tails apart") { db, _ in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [IndexDatabase.paragraphHeadsAndTailsMigration])
        }
    }

    @Test func appendedTextReadsBackFromFramesOfWholeArticles() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let texts = Self.articles(400)
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        var offsets: [Int] = []
        for (number, text) in texts.enumerated() {
            offsets.append(try store.append(text))
            if number % 150 == 149 { try store.flush() } // a batch's end
        }
        try store.synchronize()
        let total = texts.reduce(0) { $0 + $1.count }
        #expect(store.size == total)
        #expect(store.frames.count > 4)
        // Compressed: well under the text's size.
        #expect(store.storedSize * 2 < total, "\(store.storedSize) stored for \(total)")
        for (offset, text) in zip(offsets, texts) {
            let holding = store.frames.filter { $0.textStart < offset + text.count && offset < $0.textEnd }
            #expect(holding.count == 1, "an article spans \(holding.count) frames")
        }
        // Read back by another store, through the mapping, on every core.
        let reader = TextStore(path: path)
        try reader.mapForReading()
        #expect(reader.frames == store.frames)
        let wrong = Locked(0)
        let starts = offsets
        DispatchQueue.concurrentPerform(iterations: 4) { part in
            for index in stride(from: part, to: texts.count, by: 4) {
                let same = reader.withBytes(offset: starts[index], length: texts[index].count) { Array($0) == texts[index] }
                if !same { wrong.withLock { $0 += 1 } }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
        // Nested reads of two frames at once keep both.
        let first = offsets[0], last = offsets[texts.count - 1]
        let nested = reader.withBytes(offset: first, length: texts[0].count) { outer in
            reader.withBytes(offset: last, length: texts[texts.count - 1].count) { Array($0) } == texts[texts.count - 1]
                && (0..<8).allSatisfy { step in reader.withBytes(offset: offsets[step * 40], length: 1) { $0.count == 1 } }
                && Array(outer) == texts[0]
        }
        #expect(nested)
        var buffer: [UInt8] = []
        for index in [0, 17, 200, 399] {
            try reader.read(offset: offsets[index], length: texts[index].count, into: &buffer)
            #expect(Array(buffer[0..<texts[index].count]) == texts[index])
        }
        // Out of range reads are empty.
        #expect(reader.withBytes(offset: total, length: 1) { $0.count } == 0)
        #expect(reader.withBytes(offset: offsets[3], length: 1 << 24) { $0.count } == 0)
    }

    /// Reopened at a length the database knows of: frames past it go, a
    /// frame it ends inside is taken back up to there, and appending goes on.
    @Test func openingForAppendingCutsWhatTheDatabaseDoesNotKnow() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let texts = Self.articles(120, seed: 2)
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        var offsets: [Int] = []
        for text in texts { offsets.append(try store.append(text)) }
        try store.synchronize()
        let frames = store.frames
        #expect(frames.count >= 3)
        // Inside the second frame, at an article's end.
        let cut = try #require(offsets.first { $0 > frames[1].textStart + 10 && $0 < frames[1].textEnd })
        let kept = texts.indices.filter { offsets[$0] < cut }
        let again = TextStore(path: path)
        try again.openForAppending(validLength: cut)
        #expect(again.size == cut && again.frames == [frames[0]])
        let added = Array("又一篇:码头边的冷链仓。".utf8)
        let offset = try again.append(added)
        #expect(offset == cut)
        try again.synchronize()
        let reader = TextStore(path: path)
        try reader.mapForReading()
        for index in kept { #expect(reader.copy(offset: offsets[index], length: texts[index].count) == texts[index]) }
        #expect(reader.copy(offset: cut, length: added.count) == added)
        #expect(reader.size == cut + added.count)
        // Asked for more text than the file holds: damage, said once.
        let short = TextStore(path: path)
        #expect(throws: StoreError.self) { try short.openForAppending(validLength: cut + added.count + 1) }
    }

    /// A torn last frame (a write cut short) is not a frame: walking stops before it.
    @Test func aTornFrameIsLeftOut() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        for text in Self.articles(200, seed: 3) { _ = try store.append(text) }
        try store.synchronize()
        let frames = store.frames
        let whole = try #require(FileManager.default.contents(atPath: path))
        try whole.prefix(frames[frames.count - 1].fileOffset + 20).write(to: URL(fileURLWithPath: path))
        let reader = TextStore(path: path)
        try reader.mapForReading()
        #expect(reader.frames == Array(frames.dropLast()))
    }

    /// A frame that does not decompress, read without checksums (during an
    /// update), reads as empty and is reported, never trapped on.
    @Test func anUndecodableFrameReadUncheckedIsReported() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let texts = Self.articles(100, seed: 4)
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        var offsets: [Int] = []
        for text in texts { offsets.append(try store.append(text)) }
        try store.synchronize()
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        let frame = store.frames[1]
        for offset in stride(from: frame.fileOffset + TextFrame.headerSize, to: frame.fileEnd, by: 97) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = TextStore(path: path)
        try reader.mapForReading()
        let inside = try #require(texts.indices.first { offsets[$0] >= frame.textStart && offsets[$0] < frame.textEnd })
        let read = reader.copy(offset: offsets[inside], length: texts[inside].count)
        #expect(read.isEmpty)
        let damage = try #require(reader.damage)
        #expect("\(damage)".contains("does not decompress"))
        // The frames before it read as written.
        #expect(reader.copy(offset: offsets[0], length: texts[0].count) == texts[0])
    }

    /// The frames directory and checksums kept in the character index
    /// come back as written; frames that do not follow one another are refused.
    @Test func theFramesDirectoryRoundTripsAndIsChecked() throws {
        let path = Self.temporaryPath()
        defer { unlink(path); unlink(path + ".sums") }
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        for text in Self.articles(150, seed: 5) { _ = try store.append(text) }
        let sums = try TextBlockSums.make(text: store, textGeneration: 3, previous: nil)
        #expect(sums.frames == store.frames && sums.length == store.size && sums.storedLength == store.storedSize)
        func written(_ sums: TextBlockSums) throws -> TextBlockSums? {
            let out = try BufferedFileWriter(path: path + ".sums")
            sums.write(to: out)
            try out.finish()
            let data = try MappedFile(path: path + ".sums")
            return TextBlockSums(reading: data, at: 0, end: data.count)
        }
        #expect(try written(sums) == sums)
        var gap = sums
        gap.frames[1].fileOffset += 1
        #expect(try written(gap) == nil)
        var overlap = sums
        overlap.frames[2].textStart -= 1
        #expect(try written(overlap) == nil)
        // Made again after more text: the sums of unchanged frames are kept, not read.
        _ = try store.append(Array("再来一篇。".utf8))
        let more = try TextBlockSums.make(text: store, textGeneration: 3, previous: sums)
        #expect(Array(more.sums.prefix(sums.sums.count)) == sums.sums && more.frames.count == sums.frames.count + 1)
    }
}

/// Damage to one frame of a real index's text store, and an index of the
/// uncompressed format before it: each costs one line and a rebuild, and
/// search answers as a fresh index does.
@Suite(.serialized) struct CompressedTextDamageTests {
    enum Harm: String, CaseIterable {
        case payloadFlip = "a flipped byte inside the second frame's compressed bytes"
        case headerMagic = "the second frame's magic overwritten"
        case lengthField = "the second frame's text length changed"
        case cutInsideFrame = "the file cut inside its last frame"
        case cutAtFrame = "the file cut at a frame's start"
        case oldFormat = "a character index of format 3 (an uncompressed store)"
    }

    @Test(arguments: Harm.allCases)
    func damageCostsOneLineAndARebuild(harm: Harm) throws {
        let corpus = try TemporaryCorpus(count: 80, seed: 21)
        let expected: [String]
        let cache: String
        do {
            let library = try corpus.library()
            try library.index.update()
            expected = try CacheDamageTests.answers(library, paths: [])
            cache = library.index.database.path
        }
        let text = cache + ".text"
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: text)))
        let frames = TextFrame.walk(bytes.withUnsafeBytes { $0 })
        try #require(frames.count >= 3, "only \(frames.count) frames")
        let second = frames[1]
        var target = text
        switch harm {
        case .payloadFlip: bytes[second.fileOffset + TextFrame.headerSize + second.storedLength / 2] ^= 0x40
        case .headerMagic: bytes[second.fileOffset] ^= 0xFF
        case .lengthField: bytes[second.fileOffset + 8] ^= 0x01
        case .cutInsideFrame: bytes = Array(bytes.prefix(frames[frames.count - 1].fileOffset + 40))
        case .cutAtFrame: bytes = Array(bytes.prefix(second.fileOffset))
        case .oldFormat:
            target = cache + ".chars"
            bytes = [UInt8](try #require(FileManager.default.contents(atPath: target)))
            bytes[4] = 3
            let sum = bytes.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
            withUnsafeBytes(of: sum.littleEndian) { for (position, byte) in $0.enumerated() { bytes[bytes.count - 8 + position] = byte } }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: target))

        let (library, reports) = try corpus.libraryHearingDamage()
        try library.index.update()
        let answers = try CacheDamageTests.answers(library, paths: [])
        let lines = reports.withLock { $0 }
        #expect(answers == expected, "\(harm.rawValue): answers differ (\(lines))")
        #expect(lines.count == 1, "\(harm.rawValue): \(lines)")
        for line in lines { #expect(line.contains(target) && line.contains("damaged"), "\(line)") }
        if harm == .oldFormat { #expect(lines.first?.contains("format version 3") == true) }
    }
}
