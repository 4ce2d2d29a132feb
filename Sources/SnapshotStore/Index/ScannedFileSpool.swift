import Foundation
import SnapshotFormat

/// The files an update is to read, kept in an unlinked temporary file
/// instead of in memory: on a first index that is every file of the corpus
/// (one `ScannedFile` a file, some 150 bytes with its path: 150 MB at a
/// million), and the ingest needs only one batch of them at a time.
///
/// Read back in order, as `ArticleIngest` walks it (a batch at a time);
/// a read out of order seeks to the nearest checkpoint (one every
/// `checkpointEvery` files) and reads on from there. Files the walk already
/// found a problem with (rare) keep it in memory beside their position.
/// Used by one thread.
final class ScannedFileSpool: RandomAccessCollection {
    private let descriptor: Int32
    /// The name it was made under (gone from the folder), for messages.
    private let name: String
    private(set) var count = 0
    private var problems: [Int: SnapshotProblem] = [:]
    /// The byte offset of every `checkpointEvery`-th record.
    private var checkpoints: [Int] = []
    static let checkpointEvery = 1024
    private var pending: [UInt8] = []
    private var fileLength = 0
    /// Reading: the buffered bytes, where they start in the file, and the
    /// position and offset of the next record.
    private var readBuffer: [UInt8] = []
    private var readBufferStart = 0
    private var nextPosition = 0
    private var nextOffset = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Writes `files` to a new temporary file in `folder`, which is removed
    /// from the folder at once (nothing is left behind, whatever happens).
    convenience init(_ files: [ScannedFile], folder: String) throws {
        try self.init(folder: folder)
        for file in files { try append(file) }
        try finishWriting()
    }

    /// An empty spool in `folder`: `append` every file, then `finishWriting`
    /// before reading any.
    init(folder: String) throws {
        let path = folder + "/.snapread-scan.tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        name = path
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        unlink(path)
    }

    deinit { close(descriptor) }

    /// Writes what `append` buffered: the spool can be read from here on.
    func finishWriting() throws {
        try writePending()
    }

    func append(_ file: ScannedFile) throws {
        if count % Self.checkpointEvery == 0 { checkpoints.append(fileLength + pending.count) }
        if let problem = file.problem { problems[count] = problem }
        let path = Array(file.path.utf8)
        Self.put(UInt32(path.count), into: &pending)
        pending += path
        Self.put(UInt64(bitPattern: file.size), into: &pending)
        Self.put(UInt64(bitPattern: file.modified), into: &pending)
        pending.append(file.nameNotUTF8 ? 1 : 0)
        count += 1
        if pending.count >= 1 << 20 { try writePending() }
    }

    private func writePending() throws {
        var done = 0
        while done < pending.count {
            let wrote = pending.withUnsafeBytes { bytes in
                bytes.baseAddress.map { pwrite(descriptor, $0 + done, bytes.count - done, off_t(fileLength + done)) } ?? 0
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw StoreError.io(name, "\(String(cString: strerror(errno))) (the scan's temporary file)") }
            done += wrote
        }
        fileLength += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    subscript(position: Int) -> ScannedFile {
        precondition(position >= 0 && position < count, "position \(position) of \(count)")
        if position != nextPosition {
            let checkpoint = position / Self.checkpointEvery
            nextPosition = checkpoint * Self.checkpointEvery
            nextOffset = checkpoints[checkpoint]
        }
        while nextPosition < position { _ = readRecord() }
        return readRecord()
    }

    /// The record at `nextOffset`, and moves past it. The file was written
    /// by this object; a read that fails (the disk) gives an unreadable file,
    /// which the ingest records as such.
    private func readRecord() -> ScannedFile {
        defer { nextPosition += 1 }
        guard let length = bytes(4).map({ Int(Self.uint32($0)) }), let path = bytes(length), let tail = bytes(17) else {
            return ScannedFile(path: "?", size: 0, modified: 0, problem: .unreadable("the scan's temporary file could not be read"))
        }
        // Slices keep the buffer's indices.
        let base = tail.startIndex
        let size = Int64(bitPattern: Self.uint64(tail[base..<(base + 8)]))
        let modified = Int64(bitPattern: Self.uint64(tail[(base + 8)..<(base + 16)]))
        return ScannedFile(path: String(decoding: path, as: UTF8.self), size: size, modified: modified,
                           nameNotUTF8: tail[base + 16] == 1, problem: problems[nextPosition])
    }

    /// The next `length` bytes of the file from `nextOffset`, through a 1 MB buffer.
    private func bytes(_ length: Int) -> ArraySlice<UInt8>? {
        let start = nextOffset - readBufferStart
        if start < 0 || start + length > readBuffer.count {
            readBufferStart = nextOffset
            readBuffer = [UInt8](repeating: 0, count: Swift.max(length, 1 << 20))
            var filled = 0
            while filled < readBuffer.count {
                let got = readBuffer.withUnsafeMutableBytes { bytes in
                    bytes.baseAddress.map { pread(descriptor, $0 + filled, bytes.count - filled, off_t(readBufferStart + filled)) } ?? 0
                }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                filled += got
            }
            readBuffer.removeLast(readBuffer.count - filled)
            guard length <= filled else { return nil }
        }
        let from = nextOffset - readBufferStart
        nextOffset += length
        return readBuffer[from..<(from + length)]
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func uint64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
