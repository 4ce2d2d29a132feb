import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a new file through a buffer of 1 MB: for files of tens of
/// megabytes that are written front to back, without holding them whole.
final class BufferedFileWriter {
    private let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far, the buffered ones included.
    private(set) var count = 0

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        Glibc.close(descriptor)
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        if bytes.count >= 1 << 16 {
            // Large pieces go straight to the file, not through the buffer.
            flush()
            write(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func appendUInt32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    func appendUInt64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    /// Writes what is buffered (and waits for the disk when `synchronize`)
    /// and reports the first failure of any write.
    func finish(synchronize: Bool = false) throws {
        flush()
        if synchronize, failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if let failure { throw StoreError.io(path, failure) }
    }

    private var failure: String?

    private func flush() {
        buffer.withUnsafeBytes { write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, failure == nil else { return }
        var done = 0
        while done < bytes.count {
            let written = Glibc.write(descriptor, base + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                failure = String(cString: strerror(errno))
                return
            }
            done += written
        }
    }
}
