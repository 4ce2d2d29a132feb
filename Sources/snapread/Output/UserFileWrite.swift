import Foundation
import SnapshotFormat

/// Writes a file a person named (the reader's `S`, save the article): only
/// to a regular file or a new name. A FIFO would hold the reader until
/// something reads it, and a device is not where an article is kept; both
/// are refused in words, and the reader goes on.
enum UserFileWrite {
    /// Why the file was not written, in a few words ("not a regular file (a FIFO)").
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether a regular file (or a link to one) is at the path: what `S`
    /// asks about before replacing. Anything else there is refused by `write`.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw Failure(description: "not a regular file (\(SnapshotProblem.kindName(mode: info.st_mode)))")
        }
        // O_NONBLOCK: a FIFO put at the name since the check makes the open
        // fail (no reader) or return, never wait; the descriptor is checked again.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw Failure(description: "not a regular file (\(SnapshotProblem.kindName(mode: info.st_mode)))")
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + written }, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure(description: reason)
            }
            written += count
        }
        // A full disk may only say so when the file is closed (NFS, quotas).
        guard close(descriptor) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
    }
}
