import Foundation

/// A whole file mapped read-only, read through a raw pointer: no per-read
/// bridging as with `Data`, which the character index is read through for
/// every row a search prints.
/// `@unchecked Sendable`: `bytes` is set once, points at a read-only private
/// mapping that lives as long as the object, and is only ever read.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    /// The file mapped, as `fstat` saw it when it was opened.
    let identity: FileIdentity

    init(path: String) throws {
        // O_NONBLOCK: a FIFO in the file's place returns at once, and is refused.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw StoreError.io(path, "not a regular file") }
        identity = FileIdentity(info)
        let length = Int(info.st_size)
        guard length > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw StoreError.io(path, String(cString: strerror(errno)))
        }
        bytes = UnsafeRawBufferPointer(start: base, count: length)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    var count: Int { bytes.count }

    /// Takes the pages read so far out of this process's resident set (they
    /// stay in the page cache, and come back on the next read without a disk
    /// read). After a checksum pass over the whole file, which touches every
    /// page, only what is read later counts again: a reader process maps the
    /// character index once per library (its loop, the link and search
    /// workers, the background indexer), and each mapping used to stay whole
    /// in its resident set (some 23 MB each at 100,000 articles).
    func releaseResidentPages() {
        releaseResidentPages(in: 0..<bytes.count)
    }

    /// The same for the whole pages inside `range` (a checksum pass lets go
    /// of what it has read as it goes, so the whole file is never resident).
    func releaseResidentPages(in range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound == bytes.count ? range.upperBound : range.upperBound / page * page
        guard let base = bytes.baseAddress, range.lowerBound >= 0, end <= bytes.count, start < end else { return }
        // A private mapping that is never written: nothing is lost.
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    @inline(__always)
    func readUInt32(_ offset: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }

    @inline(__always)
    func readUInt64(_ offset: Int) -> UInt64 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(bytes) }
}
