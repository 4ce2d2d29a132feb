import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A few temporary files that a pass spills to and reads back whole, one
/// share of its data each: made in `folder` and unlinked at once, so that
/// nothing is left behind whatever happens (closed by `close`, or with the
/// process). Appends are buffered 64 KB a file.
struct SpillFiles {
    private var files: [(descriptor: Int32, written: Int, buffer: [UInt8])] = []
    private let folder: String

    var count: Int { files.count }

    init(count: Int, folder: String) throws {
        self.folder = folder
        for _ in 0..<count {
            let path = folder + "/.snapread-spill.tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
            let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                close()
                throw StoreError.io(path, reason)
            }
            unlink(path)
            files.append((descriptor, 0, []))
        }
    }

    /// Appends bytes to file `index`.
    mutating func append(_ index: Int, _ bytes: UnsafeRawBufferPointer) throws {
        files[index].buffer.append(contentsOf: bytes)
        if files[index].buffer.count >= 1 << 16 { try write(index) }
    }

    private mutating func write(_ index: Int) throws {
        var done = 0
        let buffer = files[index].buffer
        let descriptor = files[index].descriptor, written = files[index].written
        while done < buffer.count {
            let result = buffer.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress.map { $0 + done }, buffer.count - done, off_t(written + done))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw StoreError.io(folder, "cannot write a temporary file: " + String(cString: strerror(errno))) }
            done += result
        }
        files[index].written += buffer.count
        files[index].buffer.removeAll(keepingCapacity: true)
    }

    /// Everything appended to file `index`, buffered bytes included.
    mutating func contents(_ index: Int) throws -> [UInt8] {
        try write(index)
        let length = files[index].written
        let descriptor = files[index].descriptor
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let got = bytes.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, length - done, off_t(done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw StoreError.io(folder, "cannot read a temporary file back") }
            done += got
        }
        return bytes
    }

    /// Everything appended to file `index`, handed to `body` in order a
    /// chunk at a time: a file too large to read back whole.
    mutating func forEachChunk(_ index: Int, chunk: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try write(index)
        let length = files[index].written
        var buffer = [UInt8](repeating: 0, count: min(max(chunk, 1), max(length, 1)))
        var offset = 0
        while offset < length {
            let wanted = min(buffer.count, length - offset)
            try read(index, at: offset, into: &buffer, length: wanted)
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<wanted])) }
            offset += wanted
        }
    }

    /// Reads `length` bytes of file `index` from `offset` into the front of
    /// `buffer` (which must hold them), from what was written so far.
    func read(_ index: Int, at offset: Int, into buffer: inout [UInt8], length: Int) throws {
        let descriptor = files[index].descriptor
        var done = 0
        while done < length {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, length - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw StoreError.io(folder, "cannot read a temporary file back") }
            done += got
        }
    }

    /// Writes what file `index` has buffered, so that `read` sees all of it.
    mutating func flush(_ index: Int) throws { try write(index) }

    /// Bytes appended to file `index` so far, buffered ones included.
    func length(_ index: Int) -> Int { files[index].written + files[index].buffer.count }

    /// Closes the files (after a failure too).
    func close() {
        for file in files { Glibc.close(file.descriptor) }
    }
}

/// Fixed-size records of a pass cut into shares that are taken one at a
/// time: in memory when there is one share, else spilled to one temporary
/// file a share (`SpillFiles`).
struct ShareSpool<Record: BitwiseCopyable> {
    /// A share is kept to about this many bytes.
    static var defaultShareBytes: Int { 16 << 20 }
    let shareCount: Int
    private var memory: [Record] = []
    private var files: SpillFiles

    /// The number of shares (a power of two) for `records` records of at most `shareBytes` a share.
    static func shares(for records: Int, shareBytes: Int) -> Int {
        var count = 1
        while count * max(MemoryLayout<Record>.size, shareBytes) < records * MemoryLayout<Record>.size { count *= 2 }
        return count
    }

    init(records: Int, folder: String, shareBytes: Int = Self.defaultShareBytes) throws {
        shareCount = Self.shares(for: records, shareBytes: shareBytes)
        files = try SpillFiles(count: shareCount > 1 ? shareCount : 0, folder: folder)
        if shareCount == 1 { memory.reserveCapacity(records) }
    }

    mutating func append(_ record: Record, share: Int) throws {
        guard shareCount > 1 else {
            memory.append(record)
            return
        }
        var copy = record
        try withUnsafeBytes(of: &copy) { raw in
            try files.append(share, UnsafeRawBufferPointer(rebasing: raw[0..<MemoryLayout<Record>.size]))
        }
    }

    /// The records of one share, in the order appended (taken once).
    mutating func records(_ share: Int) throws -> [Record] {
        guard shareCount > 1 else {
            defer { memory = [] }
            return memory
        }
        let bytes = try files.contents(share)
        let size = MemoryLayout<Record>.size
        return bytes.withUnsafeBytes { raw in
            (0..<(raw.count / size)).map { raw.loadUnaligned(fromByteOffset: $0 * size, as: Record.self) }
        }
    }

    /// Closes the spill files.
    func close() { files.close() }
}
