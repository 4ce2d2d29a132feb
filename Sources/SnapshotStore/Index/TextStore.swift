import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The searchable text of every indexed article, appended to one file: title,
/// editor's note and body, one paragraph a line. The index database records
/// each article's offset and length; bytes past the last recorded article (left
/// by a killed run) are cut off when the store is next opened for writing.
///
/// Reads through the mapping are checked against the block checksums of
/// the character index (`verification`): a damaged block reads as empty and
/// is reported by `damage`.
///
/// `@unchecked Sendable`: reading a mapping from several threads at once is
/// safe (searches cut snippets in parallel; `verification` is itself safe to
/// share); opening, appending, remapping and setting `verification` happen
/// only on the thread that owns the store, while no read is running.
final class TextStore: @unchecked Sendable {
    private(set) var path: String
    private var handle: Int32 = -1
    private(set) var size: Int = 0
    private var mapping: UnsafeRawBufferPointer?
    /// The checksums reads are checked against; nil reads unchecked (an
    /// index being built, whose checksums are not written yet).
    var verification: TextVerification?

    /// The damage reads have found since `verification` was set.
    var damage: StoreError? { verification?.found }

    init(path: String) {
        self.path = path
    }

    deinit {
        unmap()
        if handle >= 0 { close(handle) }
    }

    /// Points the store at another file (after a compaction replaced it);
    /// nothing happens when it is already there.
    func retarget(_ newPath: String) {
        guard newPath != path else { return }
        verification = nil
        unmap()
        if handle >= 0 { close(handle) }
        handle = -1
        size = 0
        path = newPath
    }

    /// Writes the given ranges of this file, in order, to a new file; returns
    /// each range's offset there. The new file is synced before this returns.
    func copyLive(_ ranges: [(offset: Int, length: Int)], to newPath: String) throws -> [Int] {
        let out = try BufferedFileWriter(path: newPath)
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(ranges.count)
        for range in ranges {
            try read(offset: range.offset, length: range.length, into: &buffer)
            offsets.append(out.count)
            buffer.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[0..<range.length])) }
        }
        try out.finish(synchronize: true)
        return offsets
    }

    /// Opens for appending, truncating to `validLength` (what the database knows of).
    func openForAppending(validLength: Int) throws {
        unmap()
        if handle >= 0 { close(handle) }
        handle = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        var info = stat()
        fstat(handle, &info)
        if Int(info.st_size) != validLength {
            guard ftruncate(handle, off_t(validLength)) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
        size = validLength
    }

    /// Appends bytes, returning their offset.
    func append(_ bytes: [UInt8]) throws -> Int {
        let offset = size
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pwrite(handle, base + written, bytes.count - written, off_t(offset + written))
            }
            guard result > 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
            written += result
        }
        size += bytes.count
        return offset
    }

    /// Reads bytes with pread into `buffer` (resized), without mapping the
    /// file: a full pass over the text then costs page cache, not memory.
    func read(offset: Int, length: Int, into buffer: inout [UInt8]) throws {
        if handle < 0 {
            handle = open(path, O_RDONLY | O_CLOEXEC)
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

    func synchronize() {
        if handle >= 0 { fsync(handle) }
    }

    /// Maps the file for reading; call again after appending to see new bytes.
    func mapForReading() throws {
        unmap()
        if handle < 0 {
            handle = open(path, O_RDONLY | O_CLOEXEC)
            if handle < 0 && errno == ENOENT {
                size = 0
                return
            }
            guard handle >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        }
        var info = stat()
        fstat(handle, &info)
        size = Int(info.st_size)
        guard size > 0 else { return }
        guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, handle, 0), base != MAP_FAILED else {
            throw StoreError.io(path, String(cString: strerror(errno)))
        }
        mapping = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// The bytes of one article's text, without copying; empty when out of range.
    func bytes(offset: Int, length: Int) -> UnsafeRawBufferPointer {
        guard let mapping, offset >= 0, length >= 0, length <= mapping.count, offset <= mapping.count - length else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        if let verification, !verification.check(offset..<(offset + length), in: mapping) {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(rebasing: mapping[offset..<(offset + length)])
    }

    /// Gives back the pages of the mapping that lie wholly inside `range`:
    /// the kernel drops them from this process now (reading them again maps
    /// them again), on the calling thread, instead of all at once when the
    /// store is unmapped. For a one-shot pass over the text on every core.
    func release(_ range: Range<Int>) {
        guard let mapping, let base = mapping.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (max(0, range.lowerBound) + page - 1) / page * page
        let end = min(range.upperBound, mapping.count) / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    private func unmap() {
        if let mapping, let base = mapping.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mapping.count)
        }
        mapping = nil
    }
}
