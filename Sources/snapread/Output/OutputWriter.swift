import SnapshotFormat
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one way the program prints: standard output buffered, standard error
/// a line at a time, both with one policy for a write that fails.
///
/// - A pipe closed early (`snapread list DIR | head -1`): the reader has all
///   it wanted, so the command ends at once, quietly, with status 0 (SIGPIPE
///   is ignored so that the write returns EPIPE instead of killing us).
/// - Any other failure (`> /dev/full`, a full disk, an I/O error): one line on
///   standard error naming what failed and why, and status 1, so a script
///   never takes a cut file for a whole one.
/// - A failed write to standard error itself has nowhere to be reported and
///   is dropped.
final class OutputWriter: Sendable {
    /// Standard output, flushed when its buffer fills and at exit.
    static let standardOutput = OutputWriter(descriptor: 1, name: "standard output", buffered: true)
    /// Standard error, written through at once so it interleaves with stdout as it happens.
    static let standardError = OutputWriter(descriptor: 2, name: "standard error", buffered: false)

    private let descriptor: Int32
    private let name: String
    private let buffered: Bool
    /// What is waiting to be written; the lock also keeps writes from
    /// several threads (indexing progress, problems) whole.
    private let pending = Mutex<[UInt8]>([])
    /// Chunks at least this large skip the buffer.
    private static let bufferSize = 1 << 16

    private init(descriptor: Int32, name: String, buffered: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.buffered = buffered
    }

    /// Writes bytes (buffered on standard output).
    func write(_ bytes: UnsafeRawBufferPointer) {
        pending.withLock { buffer in
            if buffered && buffer.count + bytes.count < Self.bufferSize {
                buffer.append(contentsOf: bytes)
                return
            }
            drain(&buffer)
            writeAll(bytes)
        }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `text` and a line feed.
    func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes pieces of memory in order with writev, without copying them
    /// together first (what a search of a hundred thousand results prints).
    func write(gathering pieces: [UnsafeRawBufferPointer]) {
        pending.withLock { buffer in
            drain(&buffer)
            var vectors: [iovec] = []
            vectors.reserveCapacity(pieces.count)
            for piece in pieces where piece.count > 0 {
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: piece.baseAddress), iov_len: piece.count))
            }
            var start = 0
            while start < vectors.count {
                let batch = min(vectors.count - start, 1024)
                let written = vectors.withUnsafeMutableBufferPointer { all in
                    writev(descriptor, all.baseAddress.map { $0 + start }, Int32(batch))
                }
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    failed(errno)
                    return
                }
                // Skip what was written; a piece written in part is moved on.
                var rest = written
                while rest > 0, start < vectors.count {
                    if rest >= vectors[start].iov_len {
                        rest -= vectors[start].iov_len
                        start += 1
                    } else {
                        vectors[start].iov_base += rest
                        vectors[start].iov_len -= rest
                        rest = 0
                    }
                }
            }
        }
    }

    /// Writes what is buffered.
    func flush() {
        pending.withLock { drain(&$0) }
    }

    private func drain(_ buffer: inout [UInt8]) {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                failed(errno)
                return
            }
            offset += written
        }
    }

    /// The policy above. Ends the process at once: whatever else is running
    /// (rendering on other cores) only makes more output nobody will get.
    private func failed(_ code: Int32) {
        guard descriptor != 2 else { return }
        if code == EPIPE { _exit(0) }
        let reason = String(cString: strerror(code))
        OutputWriter.standardError.write("snapread: cannot write to \(name): \(reason)\n")
        _exit(1)
    }
}

/// Prints `snapread: message` on stderr, as one line: control characters
/// and line feeds from file names and file text are shown as stand-ins.
func printError(_ message: String) {
    OutputWriter.standardError.write("snapread: \(TerminalText.visible(message, in: .oneLine))\n")
}

/// Says on stderr that a text command found nothing, when a person is
/// looking (standard output is a terminal): an empty screen would leave them
/// wondering whether it ran at all. A script sees an empty output, as before.
func reportEmpty(_ message: String) {
    if isatty(1) != 0 { printError(message) }
}

extension JSONValue {
    /// Writes the value pretty-printed, with a line feed, to standard output.
    func writeLine() {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: 0)
        bytes.append(0x0A)
        OutputWriter.standardOutput.write(bytes)
    }
}
