import Foundation
import Synchronization

/// Checksums of the text store in blocks of 64 KB, kept in the character
/// index file (itself checksummed whole). The text store is too big to
/// check whenever it is opened (267 MB for 100,000 articles), so each block
/// is checked the first time a process reads from it (`TextVerification`),
/// which costs a search about as much as one more pass over the text it
/// reads, once. A block that does not match is never read from.
struct TextBlockSums: Sendable, Equatable {
    static let blockSize = 1 << 16

    /// Which text store file (`meta.text_generation`) the sums are of.
    var textGeneration: Int64
    /// How many bytes of it they cover.
    var length: Int
    /// One per block; the last may cover a partial block.
    var sums: [UInt64]

    static let empty = TextBlockSums(textGeneration: 0, length: 0, sums: [])

    init(textGeneration: Int64, length: Int, sums: [UInt64]) {
        self.textGeneration = textGeneration
        self.length = length
        self.sums = sums
    }

    /// Reads the section written by `write(to:)` from `data[start..<end]`;
    /// nil when it does not fit there exactly.
    init?(reading data: MappedFile, at start: Int, end: Int) {
        guard start >= 0, end - start >= 20, end <= data.count else { return nil }
        let generation = Int64(bitPattern: data.readUInt64(start))
        let length = data.readUInt64(start + 8)
        let count = Int(data.readUInt32(start + 16))
        guard length <= UInt64(Int.max), count == TextBlockSums.blockCount(Int(length)), start + 20 + count * 8 == end else { return nil }
        self.init(textGeneration: generation, length: Int(length), sums: (0..<count).map { data.readUInt64(start + 20 + $0 * 8) })
    }

    static func blockCount(_ length: Int) -> Int { (length + blockSize - 1) / blockSize }

    func write(to out: BufferedFileWriter) {
        out.appendUInt64(UInt64(bitPattern: textGeneration))
        out.appendUInt64(UInt64(length))
        out.appendUInt32(UInt32(sums.count))
        for sum in sums { out.appendUInt64(sum) }
    }

    /// The sums of the first `length` bytes of `text` (generation
    /// `textGeneration`), reusing those of `previous` for the whole blocks
    /// it already covered of the same file: only what was appended since is
    /// read.
    static func make(text: TextStore, textGeneration: Int64, length: Int, previous: TextBlockSums?) throws -> TextBlockSums {
        var sums: [UInt64] = []
        sums.reserveCapacity(blockCount(length))
        if let previous, previous.textGeneration == textGeneration {
            // Whole blocks only: the last one of `previous` may have grown.
            let kept = min(previous.length, length) / blockSize
            sums += previous.sums.prefix(kept)
        }
        var buffer: [UInt8] = []
        while sums.count < blockCount(length) {
            let start = sums.count * blockSize
            let size = min(blockSize, length - start)
            try text.read(offset: start, length: size, into: &buffer)
            sums.append(buffer.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<size])) })
        }
        return TextBlockSums(textGeneration: textGeneration, length: length, sums: sums)
    }
}

/// Which blocks of a mapped text store this process has checked, and the
/// first damage it found. Threads of a search check blocks at once: a block
/// checked twice by two threads costs time, never a wrong answer.
///
/// `@unchecked Sendable`: the only mutable state is `states`, each element
/// an `Atomic` read and written only through its atomic operations, and
/// `damage`, behind a `Mutex`; the pointer itself never changes.
final class TextVerification: @unchecked Sendable {
    let sums: TextBlockSums
    /// Per block: 0 not checked yet, 1 good, 2 damaged.
    private let states: UnsafeMutablePointer<Atomic<UInt8>>
    private let damage = Mutex<String?>(nil)
    let path: String

    init(sums: TextBlockSums, path: String) {
        self.sums = sums
        self.path = path
        states = UnsafeMutablePointer<Atomic<UInt8>>.allocate(capacity: max(1, sums.sums.count))
        for block in 0..<max(1, sums.sums.count) { (states + block).initialize(to: Atomic<UInt8>(0)) }
    }

    deinit {
        states.deinitialize(count: max(1, sums.sums.count))
        states.deallocate()
    }

    /// Whether `range` of `mapping` may be read: every block it touches
    /// matches its checksum. Bytes past what the sums cover (appended by an
    /// update that has not written its character index yet) are not checked.
    func check(_ range: Range<Int>, in mapping: UnsafeRawBufferPointer) -> Bool {
        guard !range.isEmpty, range.lowerBound < sums.length else { return true }
        let first = range.lowerBound / TextBlockSums.blockSize
        let last = min(range.upperBound - 1, sums.length - 1) / TextBlockSums.blockSize
        for block in first...last {
            switch (states + block).pointee.load(ordering: .acquiring) {
            case 1: continue
            case 2: return false
            default:
                let start = block * TextBlockSums.blockSize
                let end = min(start + TextBlockSums.blockSize, sums.length)
                let good = end <= mapping.count
                    && ContentHash.of(UnsafeRawBufferPointer(rebasing: mapping[start..<end])) == sums.sums[block]
                (states + block).pointee.store(good ? 1 : 2, ordering: .releasing)
                if !good {
                    let why = end > mapping.count ? "truncated (\(mapping.count) bytes, \(sums.length) expected)"
                        : "checksum mismatch in block \(block) (bytes \(start)-\(end))"
                    damage.withLock { if $0 == nil { $0 = why } }
                    return false
                }
            }
        }
        return true
    }

    /// The damage found so far, as an error naming the file.
    var found: StoreError? {
        damage.withLock { $0 }.map { StoreError.damaged(file: path, reason: $0) }
    }
}
