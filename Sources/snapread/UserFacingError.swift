#if canImport(Glibc)
import Glibc
#endif

/// An error a person can act on: printed as one line on stderr, exit status 1.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}

/// Prints `snapread: message` on stderr.
func printError(_ message: String) {
    writeStandardError("snapread: \(message)\n")
}

/// Writes text to file descriptor 2 unbuffered, so it interleaves correctly with stdout.
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return write(2, base + offset, raw.count - offset)
        }
        if written <= 0 { return }
        offset += written
    }
}
