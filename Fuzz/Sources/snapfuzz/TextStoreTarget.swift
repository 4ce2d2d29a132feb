import Foundation
@testable import SnapshotStore

/// The compressed text store, as a damaged disk leaves it: any bytes as the
/// file, its frames walked, each decompressed unchecked (as a reader does
/// during an update, before checksums exist), then the file opened for
/// appending at a length inside it and read back front to back. lz4 sees
/// every damaged frame; nothing may trap or read out of bounds.
enum TextStoreTarget {
    static let textStore = FuzzTarget(name: "textstore") { input in
        let path = NSTemporaryDirectory() + "snapfuzz-text-\(getpid()).bin"
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return }
        defer { unlink(path) }
        let store = TextStore(path: path)
        guard (try? store.mapForReading()) != nil else { return }
        var total = 0
        for frame in store.frames.prefix(64) {
            total += store.withBytes(offset: frame.textStart, length: frame.textLength) { $0.count }
            total += store.withBytes(offset: frame.textStart + frame.textLength / 2, length: frame.textLength) { $0.count }
        }
        _ = (store.damage, total)
        // Reopened for appending inside its text: the tail is cut or taken back.
        let valid = input.first.map { store.size * Int($0) / 255 } ?? 0
        guard (try? store.openForAppending(validLength: valid)) != nil else { return }
        var buffer: [UInt8] = []
        var offset = 0
        while offset < store.size {
            let length = min(4096, store.size - offset)
            guard (try? store.read(offset: offset, length: length, into: &buffer)) != nil else { break }
            offset += length
        }
        _ = try? store.append(Array("追加".utf8))
        _ = try? store.synchronize()
    }
}
