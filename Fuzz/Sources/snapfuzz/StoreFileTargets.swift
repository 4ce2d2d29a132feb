import Foundation
@testable import SnapshotStore

/// The file state (`index.sqlite.state`) and the text store
/// (`index.sqlite.text`): files beside the index that a damaged disk or a
/// hostile writer can change. As with the character index, the fuzzed bytes
/// are given what the checksums demand, so that every check behind them is
/// what gets fuzzed.
enum StoreFileTargets {
    /// The file state: the magic and version put in front, the counts made to
    /// fit the input's length (or, on odd inputs, left as fuzzed), both
    /// checksums made to match; loaded with and without the fingerprints.
    static let fileState = FuzzTarget(name: "filestate") { input in
        let header = FileState.headerSize
        guard input.count >= header else { return }
        var bytes = input
        put(FileState.magic, at: 0, in: &bytes)
        put(FileState.version, at: 4, in: &bytes)
        let fitCounts = input[input.count - 1] & 1 == 0
        if fitCounts {
            // A count of fingerprints that fits, and the rest as the reasons.
            let room = (bytes.count - header) / 24
            let count = room == 0 ? 0 : Int(read32(bytes, 16)) % (room + 1)
            put(UInt32(count), at: 16, in: &bytes)
            put(UInt32(bytes.count - header - count * 24), at: 24, in: &bytes)
        }
        let count = Int(read32(bytes, 16))
        let reasonsLength = Int(read32(bytes, 24))
        let entriesEnd = min(bytes.count, header + count * 24)
        let entries = Array(bytes[header..<entriesEnd])
        put(ContentHash.of(entries), at: 28, in: &bytes)
        let reasonsStart = min(bytes.count, header + count * 24)
        let reasons = Array(bytes[reasonsStart..<min(bytes.count, reasonsStart + reasonsLength)])
        put(ContentHash.of(Array(bytes[0..<36]) + reasons), at: 36, in: &bytes)
        withTemporaryFile(bytes) { path in
            _ = try? FileState.load(path: path, fingerprints: true)
            _ = try? FileState.load(path: path, fingerprints: false)
        }
    }

    /// The text store read as searches and `show` read it: the input is a
    /// few probes (offset and length, as the database would give them), how
    /// many bytes the block sums cover, and then the file's bytes. The sums
    /// match the file's bytes, except when the last input byte asks for one
    /// block to be wrong (damage the reader must refuse to read from).
    static let textStore = FuzzTarget(name: "textstore") { input in
        guard input.count >= 6 else { return }
        let probes = Int(input[0] % 9)
        let headerLength = 1 + probes * 8 + 4
        guard input.count >= headerLength else { return }
        let text = Array(input[headerLength...])
        // The sums may claim more than the file holds (a truncated store).
        let claimed = Int(read32(input, 1 + probes * 8)) % (text.count + 2 * TextBlockSums.blockSize + 1)
        var sums: [UInt64] = []
        for block in 0..<TextBlockSums.blockCount(claimed) {
            let start = block * TextBlockSums.blockSize
            let end = min(start + TextBlockSums.blockSize, claimed)
            // Past the file's end the sum is of nothing there: a mismatch.
            sums.append(start < text.count ? ContentHash.of(Array(text[start..<min(end, text.count)])) : 0)
        }
        if let last = input.last, last & 0x80 != 0, !sums.isEmpty { sums[Int(last) % sums.count] ^= 1 }
        withTemporaryFile(text) { path in
            let store = TextStore(path: path)
            guard (try? store.mapForReading()) != nil else { return }
            store.verification = TextVerification(sums: TextBlockSums(textGeneration: 1, length: claimed, sums: sums), path: path)
            var buffer: [UInt8] = []
            for probe in 0..<probes {
                let offset = Int(Int32(bitPattern: read32(input, 1 + probe * 8)))
                let length = Int(Int32(bitPattern: read32(input, 5 + probe * 8)))
                let view = store.bytes(offset: offset, length: length)
                // What comes back is either nothing or exactly what was asked for.
                if view.count != 0 && view.count != length { fatalError("text store returned \(view.count) bytes for \(length)") }
                if view.count > 0, Array(view) != Array(text[offset..<(offset + length)]) {
                    fatalError("text store returned other bytes than the file's at \(offset)")
                }
                // pread, as compaction copies: lengths within what a snapshot can be.
                if offset >= 0, length >= 0, length <= 1 << 20 {
                    _ = try? store.read(offset: offset, length: length, into: &buffer)
                }
            }
            _ = store.damage
        }
    }

    static let all = [fileState, textStore]

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset + 4 <= bytes.count else { return 0 }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    }

    private static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (position, byte) in raw.enumerated() where offset + position < bytes.count { bytes[offset + position] = byte }
        }
    }

    private static func withTemporaryFile(_ bytes: [UInt8], body: (String) -> Void) {
        let path = NSTemporaryDirectory() + "snapfuzz-store-\(getpid()).bin"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { unlink(path) }
        body(path)
    }
}
