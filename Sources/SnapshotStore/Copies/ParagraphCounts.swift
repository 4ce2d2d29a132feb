import CLz4
import Foundation
import GRDB

/// How many articles of the corpus hold each paragraph, estimated: a
/// count-min sketch over the paragraph hashes of the copy signatures
/// (`CopySignature.paragraphs`), each article counting a paragraph once,
/// and one over the paragraphs' ends (a hash of their first and last
/// `CopySignature.endLength` characters together). A paragraph held by
/// `commonCount` articles or more is boilerplate (a newspaper's footer, a
/// disclaimer), which grouping does not take as evidence that two bodies
/// are one story; so is one whose ends are: a notice printed with one
/// character changed inside, each variant held by a few articles.
///
/// Two sketches (whole paragraphs, ends) of 128 parts of 64 KB, each part
/// four rows of 16,384 one-byte counters; a hash picks its part by its top
/// bits and a counter in each row of it, so an update of a few articles
/// rewrites a few parts. A counter stops at 255 and then stays there (it
/// can no longer be taken down exactly). The estimate is the smallest of
/// the four: never below the true count, and above it only when all four
/// counters are shared with other paragraphs (at a million articles, some
/// 7 million paragraphs over 2 million counters a row: a paragraph of one
/// article reads 8 or more about once in 30,000). Kept in
/// `copy_paragraph_count`, each part lz4-compressed (one with no count is
/// not stored; parts 0-127 whole paragraphs, 128-255 ends).
final class ParagraphCounts {
    static let commonCount = 8
    /// The parts of one sketch.
    static let partsPerKind = 128
    static let partCount = 2 * partsPerKind
    static let rowLength = 16_384
    static let partBytes = 4 * rowLength

    private var counters: [UInt8]
    /// One flag a part: changed since loading.
    private var dirty = [Bool](repeating: false, count: ParagraphCounts.partCount)

    init() {
        counters = [UInt8](repeating: 0, count: Self.partCount * Self.partBytes)
    }

    /// The table (migration v9).
    static func createTable(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE copy_paragraph_count (part INTEGER PRIMARY KEY, counts BLOB NOT NULL)")
    }

    /// The counts the index holds. A part that does not decode to its size
    /// (the page checksums make that unlikely) is taken as no count: the
    /// estimate is then low, and grouping is as it is without counts.
    static func load(_ db: Database) throws -> ParagraphCounts {
        let counts = ParagraphCounts()
        let rows = try Row.fetchCursor(db, sql: "SELECT part, counts FROM copy_paragraph_count")
        while let row = try rows.next() {
            let part: Int = row[0]
            let stored: Data = row[1]
            guard (0..<partCount).contains(part) else { continue }
            counts.counters.withUnsafeMutableBytes { target in
                let place = target.baseAddress! + part * partBytes
                let got = stored.withUnsafeBytes { source in
                    LZ4_decompress_safe(source.baseAddress?.assumingMemoryBound(to: CChar.self), place.assumingMemoryBound(to: CChar.self),
                                        Int32(source.count), Int32(partBytes))
                }
                if got != Int32(partBytes) { memset(place, 0, partBytes) }
            }
        }
        return counts
    }

    /// Writes the parts changed since loading.
    func save(_ db: Database) throws {
        guard dirty.contains(true) else { return }
        let bound = Int(LZ4_compressBound(Int32(Self.partBytes)))
        var compressed = [UInt8](repeating: 0, count: bound)
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO copy_paragraph_count(part, counts) VALUES (?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM copy_paragraph_count WHERE part = ?")
        for part in 0..<Self.partCount where dirty[part] {
            let range = (part * Self.partBytes)..<((part + 1) * Self.partBytes)
            if counters[range].allSatisfy({ $0 == 0 }) {
                try delete.execute(arguments: [part])
                continue
            }
            let size = counters.withUnsafeBytes { source in
                compressed.withUnsafeMutableBytes { target in
                    LZ4_compress_default((source.baseAddress! + range.lowerBound).assumingMemoryBound(to: CChar.self),
                                         target.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(Self.partBytes), Int32(bound))
                }
            }
            try insert.execute(arguments: [part, Data(compressed[0..<Int(size)])])
        }
        dirty = [Bool](repeating: false, count: Self.partCount)
    }

    /// What a sketch counts: whole paragraphs, or their ends.
    enum Kind: Int, CaseIterable {
        case whole, ends
    }

    /// One counted hash: a paragraph's, or its ends'.
    struct Key: Hashable {
        var kind: Kind
        var hash: UInt32
    }

    /// The estimated number of articles holding the paragraph.
    func count(_ hash: UInt32) -> Int { count(Key(kind: .whole, hash: hash)) }

    /// The estimated number of articles holding the paragraph, or its ends.
    func count(_ key: Key) -> Int {
        counters.withUnsafeBufferPointer { counters in
            var smallest = UInt8.max
            Self.forEachCounter(key) { smallest = min(smallest, counters[$0]) }
            return Int(smallest)
        }
    }

    func isCommon(_ hash: UInt32) -> Bool { count(hash) >= Self.commonCount }

    /// Whether the paragraph is boilerplate: itself common, or its ends (a
    /// variant of a common paragraph, changed inside).
    func isCommon(_ paragraph: CopySignature.Paragraph) -> Bool {
        isCommon(paragraph.hash) || (paragraph.hasEnds && count(Key(kind: .ends, hash: paragraph.ends)) >= Self.commonCount)
    }

    /// The keys a paragraph is counted under: its hash, and its ends when
    /// it has them.
    static func keys(_ paragraph: CopySignature.Paragraph) -> [Key] {
        guard paragraph.hasEnds else { return [Key(kind: .whole, hash: paragraph.hash)] }
        return [Key(kind: .whole, hash: paragraph.hash), Key(kind: .ends, hash: paragraph.ends)]
    }

    /// Counts an article's paragraphs in (`delta` 1) or out (-1): each
    /// distinct paragraph once, each distinct ends once.
    func add(_ paragraphs: [CopySignature.Paragraph], delta: Int) {
        for (position, paragraph) in paragraphs.enumerated() {
            let earlier = paragraphs[..<position]
            if !earlier.contains(where: { $0.hash == paragraph.hash }) { add(Key(kind: .whole, hash: paragraph.hash), delta: delta) }
            if paragraph.hasEnds, !earlier.contains(where: { $0.ends == paragraph.ends }) { add(Key(kind: .ends, hash: paragraph.ends), delta: delta) }
        }
    }

    private func add(_ key: Key, delta: Int) {
        dirty[Self.part(key)] = true
        counters.withUnsafeMutableBufferPointer { counters in
            Self.forEachCounter(key) { index in
                let value = counters[index]
                // 255 stays: how many of its articles left is not known.
                guard value < UInt8.max else { return }
                if delta > 0 { counters[index] = value + 1 } else if value > 0 { counters[index] = value - 1 }
            }
        }
    }

    private static func part(_ key: Key) -> Int { key.kind.rawValue * partsPerKind + Int(key.hash >> 25) }

    @inline(__always)
    private static func forEachCounter(_ key: Key, _ body: (Int) -> Void) {
        let base = Self.part(key) * Self.partBytes
        let spread = CopySignature.mix(UInt64(key.hash))
        for row in 0..<4 {
            body(base + row * Self.rowLength + Int((spread >> UInt64(row * 14)) & UInt64(Self.rowLength - 1)))
        }
    }
}

extension CopySignature {
    /// Whether one of the paragraphs has one of `keys` as its hash or ends.
    func holdsAny(of keys: Set<ParagraphCounts.Key>) -> Bool {
        paragraphs.contains { ParagraphCounts.keys($0).contains(where: keys.contains) }
    }
}
