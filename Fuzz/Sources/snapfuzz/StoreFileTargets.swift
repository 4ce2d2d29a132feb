import Foundation
@testable import SnapshotStore

/// The file state (`index.sqlite.state`): a file beside the index that a damaged disk or a
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

    // The text store's target is `TextStoreTarget` (the compressed store's frames).
    static let all = [fileState]

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
