import Foundation
import GRDB
@testable import SnapshotStore

/// The index files a damaged disk (or a hostile writer) can change under us.
/// Their checksums refuse random damage, so a fuzzer's random bytes would
/// never get past them: these targets first give the bytes a good header and
/// a matching checksum, so that what is fuzzed is every check behind them.
enum IndexFileTargets {
    /// The character index file: the fuzz bytes with the magic and version
    /// put in front and the trailer's checksum made to match, loaded and
    /// then read as search and list do.
    static let characterIndex = FuzzTarget(name: "charindex") { input in
        guard input.count >= 48 else { return }
        var bytes = input
        store(CharacterIndex.magic, at: 0, in: &bytes)
        store(CharacterIndex.version, at: 4, in: &bytes)
        let sum = bytes.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        store(sum, at: bytes.count - 8, in: &bytes)
        guard let index = withTemporaryFile(bytes, body: { try? CharacterIndex.load(path: $0) }) ?? nil else { return }
        for docno in 0..<min(index.documentCapacity, 4096) {
            _ = index.document(docno)
            index.withListing(docno) { _ in }
        }
        for entry in index.entries.prefix(256) { _ = index.documents(containing: entry.scalar) }
        _ = index.withRankOrder { $0.count }
    }

    static let all = [characterIndex]

    private static func store<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (position, byte) in raw.enumerated() where offset + position < bytes.count { bytes[offset + position] = byte }
        }
    }

    /// Writes `bytes` to a file of its own for `body`, then removes it.
    private static func withTemporaryFile<R>(_ bytes: [UInt8], body: (String) -> R) -> R? {
        let path = NSTemporaryDirectory() + "snapfuzz-\(getpid()).bin"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
        defer { unlink(path) }
        return body(path)
    }

    /// Indexes `corpus` into `folder` and leaves a copy of its character
    /// index file there as a seed (`snapfuzz seed-index CORPUS FOLDER`).
    static func seed(corpus: String, folder: String) throws {
        let database = folder + "/seed-index.sqlite"
        let index = try CorpusIndex(corpus: corpus, databasePath: database)
        try index.update()
        try? FileManager.default.removeItem(atPath: folder + "/seed.chars")
        try FileManager.default.copyItem(atPath: database + ".chars", toPath: folder + "/seed.chars")
        try? FileManager.default.removeItem(atPath: folder + "/seed.links")
        try FileManager.default.copyItem(atPath: LinkTableFile.path(forDatabase: database), toPath: folder + "/seed.links")
        // The related items' frames: each as stored (first byte odd) and
        // decompressed (even), with the place of an article's record in it.
        let related = folder + "/seed-related"
        try? FileManager.default.removeItem(atPath: related)
        try FileManager.default.createDirectory(atPath: related, withIntermediateDirectories: true)
        let rows = try index.database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.data, MIN(a.related_start), MIN(a.related_length) FROM related_frame f
                JOIN article a ON a.related_frame = f.frame GROUP BY f.frame ORDER BY f.frame LIMIT 64
                """)
        }
        for (number, row) in rows.enumerated() {
            let data: Data = row[0]
            let start: Int = row[1], length: Int = row[2]
            let place: [UInt8] = [UInt8(start & 0xFF), UInt8(start >> 8 & 0xFF), UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF)]
            FileManager.default.createFile(atPath: related + "/\(number)-stored", contents: Data([1] + place) + data)
            if let content = RelatedItemStore.decompress(frame: data) {
                FileManager.default.createFile(atPath: related + "/\(number)-content", contents: Data([0] + place + content))
            }
        }
    }
}
