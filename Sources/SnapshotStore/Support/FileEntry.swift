import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What stands at the path of a file the store keeps, before it is opened: a file
/// that is not a regular one (a directory, a FIFO, a symbolic link that
/// leads nowhere) makes an open fail, or wait for a writer forever, and
/// cannot be replaced by a rename. In the cache each is damage like a cut
/// or zeroed file: reported, removed, and the cache rebuilt; in the
/// person's data it is reported and left alone.
enum FileEntry {
    /// Why the entry at `path` cannot be read as a file; nil when
    /// there is none or it is (or links to) a regular file this process can read.
    static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let failure = errno
            if failure == ENOENT { return lstat(path, &info) == 0 ? "a symbolic link to nothing" : nil }
            if failure == ELOOP { return "a symbolic link loop" }
            return String(cString: strerror(failure))
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { return "not a regular file but \(describe(kind))" }
        guard access(path, R_OK) == 0 else {
            // Removed since the stat (another process closing its index
            // removes the log): gone, which is no problem.
            if errno == ENOENT { return nil }
            return "unreadable (\(String(cString: strerror(errno))))"
        }
        return nil
    }

    /// Removes what is at `path`, whatever it is (a symbolic link, not what
    /// it points at; a directory with what it holds).
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            try? FileManager.default.removeItem(atPath: path)
        } else {
            unlink(path)
        }
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "of another kind"
        }
    }
}
