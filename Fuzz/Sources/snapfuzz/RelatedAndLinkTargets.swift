import Foundation
@testable import SnapshotStore

/// The related items' records (inside zstd frames in index.sqlite) and the
/// link table file beside the index: bytes a damaged disk can change.
enum RelatedAndLinkTargets {
    /// A related items' frame. The first byte chooses: odd, the rest is a
    /// frame as stored (zstd), decompressed as the reader does; even, the
    /// rest is a frame's content already decompressed. Either way a record
    /// at a place the next four bytes give (as an article row would) is
    /// decoded, with and without its strings, and so is the whole content.
    static let related = FuzzTarget(name: "related") { input in
        guard input.count >= 5 else { return }
        let content: [UInt8]
        if input[0] & 1 == 1 {
            guard let decompressed = RelatedItemStore.decompress(frame: Data(input[5...])) else { return }
            content = decompressed
        } else {
            content = Array(input[5...])
        }
        let start = (Int(input[1]) | Int(input[2]) << 8) % (content.count + 1)
        let length = (Int(input[3]) | Int(input[4]) << 8) % (content.count - start + 1)
        for slice in [content[start..<(start + length)], content[...]] {
            if let items = RelatedRecord.decode(slice) {
                // What decodes is what was written: encoding it again gives the same bytes.
                var again: [UInt8] = []
                RelatedRecord.append(items, to: &again)
                _ = RelatedRecord.dates(again[...])
            }
            _ = RelatedRecord.dates(slice)
        }
    }

    /// The link table file: the magic and version put in front, on even
    /// last bytes the counts made to fit the length, the checksum made to
    /// match; decoded, then every lookup the thread walk and backlinks make.
    static let linkTable = FuzzTarget(name: "linktable") { input in
        let header = LinkTableFile.headerSize
        guard input.count >= header + 8 else { return }
        var bytes = input
        put(LinkTableFile.magic, at: 0, in: &bytes)
        put(LinkTableFile.version, at: 4, in: &bytes)
        if input[input.count - 1] & 1 == 0 {
            // A capacity that fits, then the rest as items and sources.
            let fixed = header + 8 + 8
            let room = (bytes.count - fixed) / 24
            let capacity = room == 0 ? 0 : Int(read32(bytes, 24)) % (room + 1)
            let liveWords = (capacity + 63) / 64
            let used = fixed + liveWords * 8 + capacity * 8 + (capacity + 1) * 8
            if used <= bytes.count {
                let rest = (bytes.count - used) / 4
                bytes.removeLast((bytes.count - used) % 4)
                let items = rest == 0 ? 0 : Int(read32(bytes, 28)) % (rest + 1)
                put(UInt32(capacity), at: 24, in: &bytes)
                put(UInt32(items), at: 28, in: &bytes)
                put(UInt32(rest - items), at: 32, in: &bytes)
                put(UInt32(liveWords), at: 36, in: &bytes)
            }
        }
        let sum = bytes.withUnsafeBytes { LinkTableFile.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        put(sum, at: bytes.count - 8, in: &bytes)
        guard var table = try? bytes.withUnsafeBytes({ raw throws(LinkTableFile.Damage) in try LinkTableFile.decode(raw) }) else { return }
        for docno in 0..<min(table.capacity, 4096) {
            _ = table.targets(of: docno)
            _ = table.sources(of: docno)
            _ = table.itemTargets(of: docno)
        }
        table.invert()
        _ = LinkTableFile.encode(table)
    }

    static let all = [related, linkTable]

    private static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (position, byte) in raw.enumerated() where offset + position < bytes.count { bytes[offset + position] = byte }
        }
    }

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(offset + $1 < bytes.count ? bytes[offset + $1] : 0) << (8 * $1) }
    }
}
