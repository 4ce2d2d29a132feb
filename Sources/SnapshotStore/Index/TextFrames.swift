import CLz4
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One lz4-compressed frame of the text store: a header (`TextFrame.headerSize`
/// bytes: magic `SRTL`, the compressed length, the text length, all u32
/// little endian) and the lz4 block of whole articles' text, about
/// `TextFrame.target` of them. An article never spans two frames, so one
/// frame is decompressed to read it.
struct TextFrame: Sendable, Equatable {
    static let magic: UInt32 = 0x4C54_5253 // "SRTL"
    static let headerSize = 12
    /// A frame is closed once its text reaches this (64 KB): a search that
    /// verifies candidates in rank order decompresses about one frame per
    /// candidate, so the frame's size is that search's cost; see DECISIONS.
    static let target = 1 << 16
    /// No frame's text is larger: an article is at most the 1 MB read limit
    /// (plus the frame it closed); anything more is damage.
    static let largest = 4 << 20
    /// The lz4hc level; see DECISIONS for the figures behind it.
    static let level: Int32 = 3

    /// Where the header starts in the file.
    var fileOffset: Int
    /// Header and compressed bytes.
    var storedLength: Int
    /// Where its text starts in the store's uncompressed text.
    var textStart: Int
    var textLength: Int

    var textEnd: Int { textStart + textLength }
    var fileEnd: Int { fileOffset + storedLength }

    /// The frame whose header is at `offset` of `bytes` (the first
    /// `available` of them), following a frame ending at text `textStart`;
    /// nil when no whole, well-formed frame is there (a torn tail).
    static func parse(header bytes: UnsafeRawBufferPointer, at offset: Int, textStart: Int) -> TextFrame? {
        guard offset >= 0, bytes.count - offset >= headerSize,
              bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) == magic else { return nil }
        let stored = Int(bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
        guard length > 0, length <= largest, stored <= bytes.count - offset - headerSize else { return nil }
        return TextFrame(fileOffset: offset, storedLength: stored + headerSize, textStart: textStart, textLength: length)
    }

    /// The frames of a whole file's bytes, front to back, up to the first
    /// that is not whole (what a killed run left).
    static func walk(_ bytes: UnsafeRawBufferPointer, from start: (fileOffset: Int, textStart: Int) = (0, 0)) -> [TextFrame] {
        var frames: [TextFrame] = []
        var offset = start.fileOffset, text = start.textStart
        while let frame = parse(header: bytes, at: offset, textStart: text) {
            frames.append(frame)
            offset = frame.fileEnd
            text = frame.textEnd
        }
        return frames
    }

    /// The compression state `encode` takes (`LZ4_sizeofStateHC` bytes),
    /// made once by the store that writes.
    static func makeState() -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer.allocate(byteCount: Int(LZ4_sizeofStateHC()), alignment: 16)
    }

    /// `text` compressed, as a whole frame with its header; `state` from `makeState`.
    static func encode(_ text: UnsafeRawBufferPointer, state: UnsafeMutableRawPointer) throws -> [UInt8] {
        guard text.count <= largest else { throw StoreError.io("lz4", "a frame of \(text.count) bytes is larger than \(largest)") }
        let bound = Int(LZ4_compressBound(Int32(text.count)))
        var out = [UInt8](repeating: 0, count: headerSize + bound)
        let written = out.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress, let source = text.baseAddress else { return text.isEmpty ? 0 : -1 }
            return Int(LZ4_compress_HC_extStateHC(state, source.assumingMemoryBound(to: CChar.self),
                                                  (base + headerSize).assumingMemoryBound(to: CChar.self),
                                                  Int32(text.count), Int32(bound), level))
        }
        guard written > 0 || text.isEmpty else { throw StoreError.io("lz4", "a frame of \(text.count) bytes did not compress") }
        out.removeLast(bound - written)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt32(written).littleEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: UInt32(text.count).littleEndian, toByteOffset: 8, as: UInt32.self)
        }
        return out
    }

    /// Decompresses this frame's bytes (`stored`, header included) into
    /// `into`, which holds `textLength` bytes; false when they do not
    /// decompress to exactly that (damage). lz4 reads and writes only
    /// within the two buffers, whatever the bytes.
    func decode(_ stored: UnsafeRawBufferPointer, into: UnsafeMutableRawBufferPointer) -> Bool {
        guard stored.count == storedLength, into.count >= textLength, let source = stored.baseAddress, let target = into.baseAddress else { return false }
        let got = LZ4_decompress_safe((source + TextFrame.headerSize).assumingMemoryBound(to: CChar.self), target.assumingMemoryBound(to: CChar.self),
                                      Int32(storedLength - TextFrame.headerSize), Int32(textLength))
        return got == textLength
    }

    /// The index of the frame in `frames` (sorted by text) holding text
    /// offset `offset`; nil when none does.
    static func locate(_ offset: Int, in frames: [TextFrame]) -> Int? {
        var low = 0, high = frames.count
        while low < high {
            let middle = (low + high) / 2
            if frames[middle].textEnd <= offset { low = middle + 1 } else { high = middle }
        }
        guard low < frames.count, frames[low].textStart <= offset else { return nil }
        return low
    }
}

/// The decompressed frames one thread read last, kept so that the
/// candidates of a search that share a frame decompress it once. Frames in
/// use by a caller (`pins`) are never replaced; up to `kept` others are kept.
///
/// Each thread has its own (`FrameCache.current`), so no lock is taken.
final class FrameCache {
    final class Slot {
        /// Which mapping of which store (`TextStore.epoch`) and which frame.
        var epoch: UInt64 = 0
        var frame = -1
        var buffer: UnsafeMutableRawBufferPointer
        var count = 0
        var pins = 0
        var lastUse = 0

        init(capacity: Int) {
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        }

        func reserve(_ capacity: Int) {
            guard buffer.count < capacity else { return }
            buffer.deallocate()
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        }

        deinit { buffer.deallocate() }
    }

    /// How many frames are kept beyond those in use: candidates come in text
    /// order, so the next one is almost always in the last frame.
    static let kept = 4
    private var slots: [Slot] = []
    private var clock = 0

    /// Calls `body` with the text of `frame` of mapping `epoch`, decompressed
    /// by `fill` the first time (which returns false for damage: then `body`
    /// gets nil).
    func withFrame<R>(epoch: UInt64, frame: Int, length: Int,
                      fill: (UnsafeMutableRawBufferPointer) -> Bool,
                      _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        clock += 1
        let slot: Slot
        if let found = slots.first(where: { $0.epoch == epoch && $0.frame == frame }) {
            slot = found
        } else {
            let free = slots.filter { $0.pins == 0 }
            if slots.count < FrameCache.kept || free.isEmpty {
                slot = Slot(capacity: max(length, TextFrame.target * 2))
                slots.append(slot)
            } else {
                slot = free.min(by: { $0.lastUse < $1.lastUse }) ?? free[0]
            }
            slot.reserve(length)
            slot.epoch = epoch
            slot.frame = fill(UnsafeMutableRawBufferPointer(rebasing: slot.buffer[0..<length])) ? frame : -1
            slot.count = length
        }
        slot.lastUse = clock
        guard slot.frame == frame else { return body(nil) }
        slot.pins += 1
        defer {
            slot.pins -= 1
            // Slots made while every other was in use go once they are not.
            if slots.count > FrameCache.kept, slot.pins == 0, let position = slots.firstIndex(where: { $0 === slot }) {
                slots.remove(at: position)
            }
        }
        return body(UnsafeRawBufferPointer(rebasing: slot.buffer[0..<slot.count]))
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<FrameCache>.fromOpaque(pointer).release() }
        }
        return key
    }()

    /// The calling thread's cache, made on first use and freed when the thread ends.
    static var current: FrameCache {
        if let pointer = pthread_getspecific(key) { return Unmanaged<FrameCache>.fromOpaque(pointer).takeUnretainedValue() }
        let cache = FrameCache()
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    /// A number no mapping had before: cached frames of an earlier mapping are never taken for this one's.
    static func nextEpoch() -> UInt64 { epochs.add(1, ordering: .relaxed).newValue }
    private static let epochs = Atomic<UInt64>(0)
}
