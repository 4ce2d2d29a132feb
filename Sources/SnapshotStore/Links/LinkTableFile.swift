import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The link table on disk, beside the index (`index.sqlite.links`): a cache
/// like the character index, checked whole when read and rebuilt when it
/// does not match the index or is damaged.
///
/// Layout (little endian, as every platform Swift runs on here): magic
/// `SRLT`, version, generation (u64), instance (i64), capacity, item count,
/// source count, live words (u32 each); the live bitmap; a publish time per
/// document (i64); the item starts (u32, capacity + 1), the targets (i32);
/// the source starts (u32, capacity + 1), the sources (i32); a checksum of
/// everything before it (u64).
enum LinkTableFile {
    static let magic: UInt32 = 0x544C_5253 // "SRLT"
    static let version: UInt32 = 1
    static let headerSize = 40

    /// Where the link table of the index at `databasePath` lives.
    static func path(forDatabase databasePath: String) -> String { databasePath + ".links" }

    /// The file's bytes, whole (for tests and small tables; `write` streams them).
    static func encode(_ table: LinkTable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedSize(table))
        encode(table) { out += $0 }
        return out
    }

    /// The size of the file `table` makes.
    static func encodedSize(_ table: LinkTable) -> Int {
        headerSize + table.live.words.count * 8 + table.capacity * 8 + table.itemStart.count * 4 + table.targets.count * 4
            + table.sourceStart.count * 4 + table.sources.count * 4 + 8
    }

    /// Hands the file's bytes to `sink` in order, a piece at a time, its
    /// checksum summed on the way: the table's arrays go out as they are,
    /// with no copy of the whole file (some 60 MB at a million articles).
    static func encode(_ table: LinkTable, into sink: (UnsafeRawBufferPointer) -> Void) {
        var sum = StreamingChecksum(length: encodedSize(table) - 8)
        func emit(_ bytes: UnsafeRawBufferPointer) {
            sum.add(bytes)
            sink(bytes)
        }
        var header: [UInt8] = []
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { header += $0 } }
        func put<T: FixedWidthInteger>(array: [T]) {
            #if _endian(little)
            array.withUnsafeBytes { emit($0) }
            #else
            array.map(\.littleEndian).withUnsafeBytes { emit($0) }
            #endif
        }
        put(magic)
        put(version)
        put(table.generation)
        put(table.instance)
        put(UInt32(table.capacity))
        put(UInt32(table.targets.count))
        put(UInt32(table.sources.count))
        put(UInt32(table.live.words.count))
        header.withUnsafeBytes { emit($0) }
        put(array: table.live.words)
        put(array: table.published)
        put(array: table.itemStart)
        put(array: table.targets)
        put(array: table.sourceStart)
        put(array: table.sources)
        withUnsafeBytes(of: sum.finish().littleEndian) { sink($0) }
    }

    /// Why a file is not a link table one can trust.
    struct Damage: Error, CustomStringConvertible {
        var description: String
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(Damage) -> LinkTable {
        func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        guard bytes.count >= headerSize + 8 else { throw Damage(description: "shorter than its header") }
        guard u32(0) == magic else { throw Damage(description: "not a link table") }
        guard u32(4) == version else { throw Damage(description: "format version \(u32(4)), not \(version)") }
        let capacity = Int(u32(24)), itemCount = Int(u32(28)), sourceCount = Int(u32(32)), liveWords = Int(u32(36))
        guard liveWords == (capacity + 63) / 64 else { throw Damage(description: "live set of the wrong size") }
        let expected = headerSize + liveWords * 8 + capacity * 8 + (capacity + 1) * 8 + itemCount * 4 + sourceCount * 4 + 8
        guard bytes.count == expected else { throw Damage(description: "\(bytes.count) bytes where its header needs \(expected)") }
        guard checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(expected - 8)])) == u64(expected - 8) else {
            throw Damage(description: "checksum mismatch")
        }
        var offset = headerSize
        func take<T: FixedWidthInteger>(_ count: Int, as type: T.Type) -> [T] {
            let size = count * MemoryLayout<T>.size
            // A copy of the bytes as they are (the file is little endian, as
            // the platforms are), then put in order on a big-endian one.
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                if let source = bytes.baseAddress, size > 0 {
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: source + offset, count: size))
                }
                initialized = count
            }
            offset += size
            #if _endian(big)
            return values.map { T(littleEndian: $0) }
            #else
            return values
            #endif
        }
        let words: [UInt64] = take(liveWords, as: UInt64.self)
        let published: [Int64] = take(capacity, as: Int64.self)
        let itemStart: [UInt32] = take(capacity + 1, as: UInt32.self)
        let targets: [Int32] = take(itemCount, as: Int32.self)
        let sourceStart: [UInt32] = take(capacity + 1, as: UInt32.self)
        let sources: [Int32] = take(sourceCount, as: Int32.self)
        // Every offset and docno within bounds, so that no lookup can trap.
        func ascending(_ starts: [UInt32], to end: Int) -> Bool {
            guard starts.first == 0, Int(starts[capacity]) == end else { return false }
            for index in 0..<capacity where starts[index] > starts[index + 1] { return false }
            return true
        }
        guard ascending(itemStart, to: itemCount), ascending(sourceStart, to: sourceCount),
              targets.allSatisfy({ $0 >= -1 && Int($0) < capacity }), sources.allSatisfy({ $0 >= 0 && Int($0) < capacity })
        else { throw Damage(description: "an entry out of bounds") }
        return LinkTable(generation: u64(8), instance: Int64(bitPattern: u64(16)), capacity: capacity,
                         live: DocumentBitmap(words: words), published: published, itemStart: itemStart, targets: targets,
                         sourceStart: sourceStart, sources: sources)
    }

    /// A 64-bit checksum, eight bytes at a time (a multiply-rotate hash: it
    /// catches flipped bits, truncation and noise, and costs about a
    /// millisecond for the table of 100,000 articles).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var sum = StreamingChecksum(length: bytes.count)
        sum.add(bytes)
        return sum.finish()
    }

    /// `checksum` of bytes that come in pieces, whose total length is known
    /// from the start (it seeds the hash): the words are the same whatever
    /// the pieces' sizes.
    struct StreamingChecksum {
        private var hash: UInt64
        /// The bytes of a word not complete yet (fewer than eight).
        private var carry: [UInt8] = []

        init(length: Int) {
            hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        }

        private mutating func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x0000_0100_0000_01B3
            hash = (hash << 29) | (hash >> 35)
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var start = 0
            if !carry.isEmpty {
                while carry.count < 8, start < bytes.count {
                    carry.append(bytes[start])
                    start += 1
                }
                guard carry.count == 8 else { return }
                mix(carry.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
                carry.removeAll(keepingCapacity: true)
            }
            let words = (bytes.count - start) / 8
            for index in 0..<words { mix(bytes.loadUnaligned(fromByteOffset: start + index * 8, as: UInt64.self)) }
            carry.append(contentsOf: bytes[(start + words * 8)...])
        }

        /// The checksum; the bytes past the last whole word go in one at a time.
        func finish() -> UInt64 {
            var hash = self.hash
            for byte in carry { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash ^= hash >> 33
            hash = hash &* 0xFF51_AFD7_ED55_8CCD
            return hash ^ (hash >> 33)
        }
    }

    /// Reads the table at `path`: nil when there is none.
    static func load(path: String) throws(Damage) -> LinkTable? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        if let problem = FileEntry.problem(path) { throw Damage(description: problem) }
        guard let file = try? MappedFile(path: path) else { throw Damage(description: "unreadable") }
        defer { withExtendedLifetime(file) {} }
        return try decode(file.bytes)
    }

    /// Writes the table under a temporary name and renames it into place, so
    /// that readers see the old table or the new one, never half of one.
    static func write(_ table: LinkTable, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let out = try BufferedFileWriter(path: temporary)
        encode(table) { out.append($0) }
        do {
            try out.finish()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StoreError.io(path, reason)
        }
    }
}

extension CorpusLibrary {
    /// The link table for the index as it is now: the one the last update
    /// wrote (`LinkTableStep`), else brought up to date (or built) and saved
    /// here, when the file is missing, damaged or stale (an index made before
    /// the step existed, another process between its steps).
    /// Nil while the character index file does not describe the database
    /// (an update in progress): then links are resolved one by one.
    /// `problem` hears of a damaged file before it is rebuilt.
    func currentLinkTable(problem: ((String) -> Void)? = nil) throws -> LinkTable? {
        guard let characters = try? index.characterIndex() else { return nil }
        let databasePath = index.database.path
        guard databasePath != ":memory:" else {
            return try reader.read { db in try LinkTable.build(characters: characters, text: index.text, db: db, instance: 0) }
        }
        let path = LinkTableFile.path(forDatabase: databasePath)
        let instance = try LinkTableStep.instance(of: reader)
        // Read without the lock first: the file is replaced whole, by rename.
        if let existing = try? LinkTableFile.load(path: path), existing.fits(characters, instance: instance) { return existing }
        let step = LinkTableStep(database: reader, text: index.text, path: path, problem: problem)
        return try step.run(characters: characters).table
    }
}
