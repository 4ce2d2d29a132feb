import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The searchable text of every indexed article (title, editor's note and
/// body, one paragraph a line), compressed with lz4 in frames of about
/// 64 KB of whole articles (`TextFrame`). The index database records each
/// article's offset and length in the uncompressed text; the frames
/// directory says which frame holds them. Text appended is kept in memory
/// until `flush` writes it as a frame (every batch, before its commit);
/// frames past what the database knows of (left by a killed run) are cut off
/// when the store is next opened for writing.
///
/// Reads through the mapping are checked against the frame checksums of
/// the character index (`verification`): a damaged frame reads as empty and
/// is reported by `damage`. Each thread decompresses into its own small
/// cache of frames (`FrameCache`).
///
/// `@unchecked Sendable`: reading a mapping from several threads at once is
/// safe (each thread has its own frame cache; `verification` and `failure`
/// are themselves safe to share); opening, appending, flushing, remapping
/// and setting `verification` happen only on the thread that owns the store,
/// while no read is running.
final class TextStore: @unchecked Sendable {
    private(set) var path: String
    private var handle: Int32 = -1
    /// The length of the uncompressed text, what is not flushed yet included.
    private(set) var size: Int = 0
    /// The bytes of whole frames in the file.
    private(set) var storedSize: Int = 0
    /// Every frame of the file, in order.
    private(set) var frames: [TextFrame] = []
    /// Text appended since the last frame was written.
    private var pending: [UInt8] = []
    private var mapping: UnsafeRawBufferPointer?
    /// Which mapping this is, for the frame caches of reading threads.
    private var epoch: UInt64 = 0
    /// The compression state of `flush` (lz4hc's), made at the first frame.
    private var compressor: UnsafeMutableRawPointer?
    /// The one frame `read` decompressed last (on the owning thread).
    private var readFrame: (index: Int, text: [UInt8])?
    /// The checksums reads are checked against; nil reads unchecked (an
    /// index being built, whose checksums are not written yet).
    var verification: TextVerification?
    /// The first frame that did not decompress, unchecked reads included.
    private let failure = Locked<String?>(nil)
    /// How often decompressing from the mapping gives its pages back: every
    /// 256 frames (a few megabytes read in text order; at a million articles
    /// the mapping is 868 MB, and a pass at random would keep it all).
    private let releases = ReleaseCadence(every: 256)

    /// The damage reads have found since the store was mapped.
    var damage: StoreError? {
        verification?.found ?? failure.withLock { $0 }.map { StoreError.damaged(file: path, reason: $0) }
    }

    init(path: String) {
        self.path = path
    }

    deinit {
        unmap()
        if handle >= 0 { close(handle) }
        compressor?.deallocate()
    }

    /// Points the store at another file (after a compaction replaced it);
    /// nothing happens when it is already there.
    func retarget(_ newPath: String) {
        guard newPath != path else { return }
        verification = nil
        unmap()
        if handle >= 0 { close(handle) }
        handle = -1
        forget()
        path = newPath
    }

    private func forget() {
        size = 0
        storedSize = 0
        frames = []
        pending = []
        readFrame = nil
        failure.withLock { $0 = nil }
    }

    /// Writes the given ranges of this store's text, in order, to a new
    /// store; returns each range's offset there. The new file is synced
    /// before this returns.
    func copyLive(_ ranges: [(offset: Int, length: Int)], to newPath: String) throws -> [Int] {
        let out = TextStore(path: newPath)
        try out.openForAppending(validLength: 0)
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(ranges.count)
        for range in ranges {
            try read(offset: range.offset, length: range.length, into: &buffer)
            offsets.append(try out.append(Array(buffer[0..<range.length])))
        }
        try out.synchronize()
        return offsets
    }

    /// Opens for appending, keeping the text up to `validLength` (what the
    /// database knows of): frames past it are cut off, and a frame it ends
    /// inside is taken back into memory up to there, to be written again.
    /// Throws `StoreError.damaged` when the file holds less than that.
    func openForAppending(validLength: Int) throws {
        unmap()
        if handle >= 0 { close(handle) }
        forget()
        handle = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        var info = stat()
        fstat(handle, &info)
        let fileSize = Int(info.st_size)
        var kept: [TextFrame] = []
        if fileSize > 0, validLength > 0 {
            guard let base = mmap(nil, fileSize, PROT_READ, MAP_SHARED, handle, 0), base != MAP_FAILED else {
                throw StoreError.io(path, String(cString: strerror(errno)))
            }
            defer { munmap(base, fileSize) }
            let bytes = UnsafeRawBufferPointer(start: base, count: fileSize)
            for frame in TextFrame.walk(bytes) {
                if frame.textEnd <= validLength {
                    kept.append(frame)
                    continue
                }
                if frame.textStart < validLength {
                    var text = [UInt8](repeating: 0, count: frame.textLength)
                    let good = text.withUnsafeMutableBytes { frame.decode(UnsafeRawBufferPointer(rebasing: bytes[frame.fileOffset..<frame.fileEnd]), into: $0) }
                    guard good else { throw StoreError.damaged(file: path, reason: "frame at byte \(frame.fileOffset) does not decompress") }
                    pending = Array(text[0..<(validLength - frame.textStart)])
                }
                break
            }
        }
        frames = kept
        storedSize = kept.last?.fileEnd ?? 0
        size = (kept.last?.textEnd ?? 0) + pending.count
        guard size == validLength else {
            throw StoreError.damaged(file: path, reason: "shorter than the index says (\(size) bytes of text, \(validLength) expected)")
        }
        if fileSize != storedSize {
            guard ftruncate(handle, off_t(storedSize)) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
    }

    /// Appends bytes, returning their offset in the text. They reach the
    /// file at the next `flush` (or when they fill a frame).
    func append(_ bytes: [UInt8]) throws -> Int {
        let offset = size
        pending += bytes
        size += bytes.count
        if pending.count >= TextFrame.target { try flush() }
        return offset
    }

    /// Writes the text appended since the last frame as a frame.
    func flush() throws {
        guard !pending.isEmpty else { return }
        let state = compressor ?? TextFrame.makeState()
        compressor = state
        let frame = try pending.withUnsafeBytes { try TextFrame.encode($0, state: state) }
        var written = 0
        while written < frame.count {
            let result = frame.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pwrite(handle, base + written, frame.count - written, off_t(storedSize + written))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
            written += result
        }
        frames.append(TextFrame(fileOffset: storedSize, storedLength: frame.count, textStart: size - pending.count, textLength: pending.count))
        storedSize += frame.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs the file.
    func synchronize() throws {
        try flush()
        if handle >= 0 { fsync(handle) }
    }

    /// Reads text with pread into `buffer` (resized), without mapping the
    /// file: a full pass over the text then costs page cache, not memory.
    /// The last frame read stays decompressed, so reading articles in text
    /// order decompresses each frame once.
    func read(offset: Int, length: Int, into buffer: inout [UInt8]) throws {
        if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
        guard length > 0 else { return }
        let flushedEnd = frames.last?.textEnd ?? 0
        if offset >= flushedEnd {
            guard offset - flushedEnd + length <= pending.count else { throw shorter(offset + length) }
            buffer.replaceSubrange(0..<length, with: pending[(offset - flushedEnd)..<(offset - flushedEnd + length)])
            return
        }
        guard let index = TextFrame.locate(offset, in: frames), offset + length <= frames[index].textEnd else { throw shorter(offset + length) }
        let frame = frames[index]
        if readFrame?.index != index {
            if handle < 0 {
                handle = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
            }
            var stored: [UInt8] = []
            try readStored(offset: frame.fileOffset, length: frame.storedLength, into: &stored)
            var text = [UInt8](repeating: 0, count: frame.textLength)
            let good = text.withUnsafeMutableBytes { target in
                stored.withUnsafeBytes { frame.decode(UnsafeRawBufferPointer(rebasing: $0[0..<frame.storedLength]), into: target) }
            }
            guard good else { throw StoreError.damaged(file: path, reason: "frame at byte \(frame.fileOffset) does not decompress") }
            readFrame = (index, text)
        }
        if let readFrame {
            let start = offset - frame.textStart
            buffer.replaceSubrange(0..<length, with: readFrame.text[start..<(start + length)])
        }
    }

    private func shorter(_ end: Int) -> StoreError {
        StoreError.damaged(file: path, reason: "shorter than the index says (\(size) bytes of text, \(end) needed)")
    }

    /// Reads the file's own (compressed) bytes with pread.
    func readStored(offset: Int, length: Int, into buffer: inout [UInt8]) throws {
        if handle < 0 {
            handle = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
        if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
        var done = 0
        while done < length {
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pread(handle, base + done, length - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw StoreError.damaged(file: path, reason: "shorter than the index says (\(offset + done) bytes)") }
            done += got
        }
    }

    /// Maps the file for reading; call again after appending to see new
    /// bytes. `known` (the frames a character index recorded) saves walking
    /// the frames it covers; the rest of the file is walked.
    func mapForReading(known: [TextFrame] = []) throws {
        unmap()
        epoch = FrameCache.nextEpoch()
        failure.withLock { $0 = nil }
        if handle < 0 {
            handle = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            if handle < 0 && errno == ENOENT {
                forget()
                return
            }
            guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
        var info = stat()
        fstat(handle, &info)
        let fileSize = Int(info.st_size)
        guard fileSize > 0 else {
            frames = []
            storedSize = 0
            size = pending.count
            return
        }
        guard let base = mmap(nil, fileSize, PROT_READ, MAP_SHARED, handle, 0), base != MAP_FAILED else {
            throw StoreError.io(path, String(cString: strerror(errno)))
        }
        let bytes = UnsafeRawBufferPointer(start: base, count: fileSize)
        mapping = bytes
        // The frames the character index recorded stand (its checksums vouch
        // for them); only what lies past them is walked. This process's own
        // frames are not reused: another process may have cut and rewritten
        // the tail since.
        var start = known
        while let last = start.last, last.fileEnd > fileSize { start.removeLast() }
        let walked = TextFrame.walk(bytes, from: (start.last?.fileEnd ?? 0, start.last?.textEnd ?? 0))
        // Nothing past them (the usual case): the recorded frames are kept
        // as they are, not copied (a million articles' are some 5 MB, and
        // the link worker maps the store again at every article).
        frames = walked.isEmpty ? start : start + walked
        storedSize = frames.last?.fileEnd ?? 0
        size = (frames.last?.textEnd ?? 0) + pending.count
    }

    /// Calls `body` with the bytes of one article's text (empty when out of
    /// range, or in a damaged frame). They are valid only inside `body`.
    func withBytes<R>(offset: Int, length: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        guard offset >= 0, length >= 0, let index = TextFrame.locate(offset, in: frames) else {
            // Not in a frame: the text not flushed yet (the owning thread, during an update).
            let flushedEnd = frames.last?.textEnd ?? 0
            guard offset >= flushedEnd, length >= 0, offset - flushedEnd + length <= pending.count else { return body(empty) }
            return pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[(offset - flushedEnd)..<(offset - flushedEnd + length)])) }
        }
        let frame = frames[index]
        guard length <= frame.textEnd - offset, let mapping, frame.fileEnd <= mapping.count else { return body(empty) }
        let stored = UnsafeRawBufferPointer(rebasing: mapping[frame.fileOffset..<frame.fileEnd])
        if let verification, !verification.check(frame: index, stored: stored) { return body(empty) }
        return FrameCache.current.withFrame(epoch: epoch, frame: index, length: frame.textLength, fill: { target in
            let good = frame.decode(stored, into: target)
            if !good { failure.withLock { if $0 == nil { $0 = "frame \(index) (bytes \(frame.fileOffset)-\(frame.fileEnd)) does not decompress" } } }
            if releases.counts() { releaseAll(of: mapping) }
            return good
        }) { text in
            guard let text else { return body(empty) }
            let start = offset - frame.textStart
            return body(UnsafeRawBufferPointer(rebasing: text[start..<(start + length)]))
        }
    }

    /// Calls `body` with the whole text of the frame holding text `offset`
    /// and where that text starts in the store: for reading the articles of
    /// one frame one after another with one lookup and one decompression.
    /// Empty (starting at `offset`) when the frame is damaged or `offset` is
    /// out of range; the text not flushed yet is one frame of its own.
    func withFrameText<R>(holding offset: Int, _ body: (_ text: UnsafeRawBufferPointer, _ start: Int) -> R) -> R {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        guard offset >= 0, let index = TextFrame.locate(offset, in: frames) else {
            let flushedEnd = frames.last?.textEnd ?? 0
            guard offset >= flushedEnd, offset - flushedEnd < pending.count else { return body(empty, offset) }
            return pending.withUnsafeBytes { body($0, flushedEnd) }
        }
        let frame = frames[index]
        guard let mapping, frame.fileEnd <= mapping.count else { return body(empty, offset) }
        let stored = UnsafeRawBufferPointer(rebasing: mapping[frame.fileOffset..<frame.fileEnd])
        if let verification, !verification.check(frame: index, stored: stored) { return body(empty, offset) }
        return FrameCache.current.withFrame(epoch: epoch, frame: index, length: frame.textLength, fill: { target in
            let good = frame.decode(stored, into: target)
            if !good { failure.withLock { if $0 == nil { $0 = "frame \(index) (bytes \(frame.fileOffset)-\(frame.fileEnd)) does not decompress" } } }
            if releases.counts() { releaseAll(of: mapping) }
            return good
        }) { text in
            guard let text else { return body(empty, offset) }
            return body(text, frame.textStart)
        }
    }

    /// Gives back the pages of the mapping holding the frames of text
    /// `range`: the kernel drops them from this process now (reading them
    /// again maps them again), on the calling thread, instead of all at once
    /// when the store is unmapped. For a one-shot pass over the text on every core.
    func release(_ range: Range<Int>) {
        guard let mapping, let base = mapping.baseAddress, !range.isEmpty,
              let first = TextFrame.locate(range.lowerBound, in: frames),
              let last = TextFrame.locate(range.upperBound - 1, in: frames) else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (frames[first].fileOffset + page - 1) / page * page
        let end = min(frames[last].fileEnd, mapping.count) / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// Gives back every page of `mapping` (this store's current one) that
    /// this process holds: another thread reading it meanwhile faults its
    /// page in again from the page cache.
    private func releaseAll(of mapping: UnsafeRawBufferPointer) {
        guard let base = mapping.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = mapping.count / page * page
        guard end > 0 else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), end, MADV_DONTNEED)
    }

    /// A copy of one article's text (empty when it cannot be read).
    func copy(offset: Int, length: Int) -> [UInt8] {
        withBytes(offset: offset, length: length) { Array($0) }
    }

    private func unmap() {
        if let mapping, let base = mapping.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mapping.count)
        }
        mapping = nil
    }
}
