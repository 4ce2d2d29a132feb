import Foundation
import Synchronization

/// The text store's frames directory and a checksum of each frame's stored
/// (compressed) bytes, kept in the character index file (itself checksummed
/// whole). The text store is too big to check whenever it is opened, so
/// each frame is checked the first time a process reads from it
/// (`TextVerification`), before it is decompressed. A frame that does not
/// match is never read from. The directory spares a search walking the
/// frames' headers (tens of thousands at a million articles).
struct TextBlockSums: Sendable, Equatable {
    /// Which text store file (`meta.text_generation`) the sums are of.
    var textGeneration: Int64
    /// The frames, in file order, and one checksum each.
    var frames: [TextFrame]
    var sums: [UInt64]

    /// How much text they cover.
    var length: Int { frames.last?.textEnd ?? 0 }
    /// How many bytes of the file they cover.
    var storedLength: Int { frames.last?.fileEnd ?? 0 }

    static let empty = TextBlockSums(textGeneration: 0, frames: [], sums: [])
    /// Bytes per frame in the file: file offset, text start (u64), stored and text length (u32), checksum (u64).
    static let entrySize = 32

    init(textGeneration: Int64, frames: [TextFrame], sums: [UInt64]) {
        self.textGeneration = textGeneration
        self.frames = frames
        self.sums = sums
    }

    /// Reads the section written by `write(to:)` from `data[start..<end]`;
    /// nil when it does not fit there exactly, or its frames do not follow
    /// one another from the start of the file and of the text.
    /// `keeping: false` only checks that: the frames and sums stay empty
    /// (some 6 MB at a million articles, which a library that never reads
    /// the text store need not hold).
    init?(reading data: MappedFile, at start: Int, end: Int, keeping: Bool = true) {
        guard start >= 0, end >= start, end - start >= 12, end <= data.count else { return nil }
        let generation = Int64(bitPattern: data.readUInt64(start))
        let count = Int(data.readUInt32(start + 8))
        guard count <= (end - start - 12) / TextBlockSums.entrySize, start + 12 + count * TextBlockSums.entrySize == end else { return nil }
        var frames: [TextFrame] = []
        var sums: [UInt64] = []
        if keeping {
            frames.reserveCapacity(count)
            sums.reserveCapacity(count)
        }
        var fileEnd: UInt64 = 0, textEnd: UInt64 = 0
        for position in 0..<count {
            let base = start + 12 + position * TextBlockSums.entrySize
            let fileOffset = data.readUInt64(base), textStart = data.readUInt64(base + 8)
            let stored = data.readUInt32(base + 16), length = data.readUInt32(base + 20)
            guard fileOffset == fileEnd, textStart == textEnd, Int(stored) > TextFrame.headerSize,
                  length > 0, Int(length) <= TextFrame.largest else { return nil }
            if keeping {
                frames.append(TextFrame(fileOffset: Int(fileOffset), storedLength: Int(stored), textStart: Int(textStart), textLength: Int(length)))
                sums.append(data.readUInt64(base + 24))
            }
            fileEnd += UInt64(stored)
            textEnd += UInt64(length)
        }
        self.init(textGeneration: generation, frames: frames, sums: sums)
    }

    func write(to out: BufferedFileWriter) {
        out.appendUInt64(UInt64(bitPattern: textGeneration))
        out.appendUInt32(UInt32(frames.count))
        for (frame, sum) in zip(frames, sums) {
            out.appendUInt64(UInt64(frame.fileOffset))
            out.appendUInt64(UInt64(frame.textStart))
            out.appendUInt32(UInt32(frame.storedLength))
            out.appendUInt32(UInt32(frame.textLength))
            out.appendUInt64(sum)
        }
    }

    /// The sums of every frame of `text` (flushed first; generation
    /// `textGeneration`), reusing those of `previous` for the frames it
    /// already covered of the same file: only what was written since is read.
    static func make(text: TextStore, textGeneration: Int64, previous: TextBlockSums?) throws -> TextBlockSums {
        try text.flush()
        let frames = text.frames
        var sums: [UInt64] = []
        sums.reserveCapacity(frames.count)
        if let previous, previous.textGeneration == textGeneration {
            // Only while the frames are the same: an update may have cut the last one and written it again.
            for (index, frame) in previous.frames.enumerated() where index < frames.count && frames[index] == frame && sums.count == index {
                sums.append(previous.sums[index])
            }
        }
        var buffer: [UInt8] = []
        while sums.count < frames.count {
            let frame = frames[sums.count]
            try text.readStored(offset: frame.fileOffset, length: frame.storedLength, into: &buffer)
            sums.append(buffer.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<frame.storedLength])) })
        }
        return TextBlockSums(textGeneration: textGeneration, frames: frames, sums: sums)
    }
}

/// Which frames of a mapped text store this process has checked, and the
/// first damage it found. Threads of a search check frames at once: a frame
/// checked twice by two threads costs time, never a wrong answer.
///
/// `@unchecked Sendable`: the only mutable state is `states`, each element
/// an `Atomic` read and written only through its atomic operations, and
/// `damage`, behind a `Locked`; the pointer itself never changes.
final class TextVerification: @unchecked Sendable {
    let sums: TextBlockSums
    /// Per frame: 0 not checked yet, 1 good, 2 damaged.
    private let states: UnsafeMutablePointer<Atomic<UInt8>>
    private let damage = Locked<String?>(nil)
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

    /// Whether frame `frame`, whose stored bytes are `stored`, may be read:
    /// it matches its checksum. Frames past what the sums cover (written by
    /// an update that has not written its character index yet) are not checked.
    func check(frame: Int, stored: UnsafeRawBufferPointer) -> Bool {
        guard frame >= 0, frame < sums.sums.count else { return true }
        switch (states + frame).pointee.load(ordering: .acquiring) {
        case 1: return true
        case 2: return false
        default:
            let expected = sums.frames[frame]
            let good = stored.count == expected.storedLength && ContentHash.of(stored) == sums.sums[frame]
            (states + frame).pointee.store(good ? 1 : 2, ordering: .releasing)
            if !good {
                let why = "checksum mismatch in frame \(frame) (bytes \(expected.fileOffset)-\(expected.fileEnd))"
                damage.withLock { if $0 == nil { $0 = why } }
            }
            return good
        }
    }

    /// The damage found so far, as an error naming the file.
    var found: StoreError? {
        damage.withLock { $0 }.map { StoreError.damaged(file: path, reason: $0) }
    }
}
