#if canImport(Glibc)
import Glibc
#endif

/// Why a file is not a readable snapshot. Each case is one line a person can act on.
public enum SnapshotProblem: Error, Sendable, Equatable {
    case unreadable(String)
    case tooLarge(bytes: Int, limit: Int)
    case empty
    case binary
    case notText
    case notSnapshot(String)
    /// The file's (or a folder's) name is not UTF-8: it cannot be named in
    /// the index or in output the way it is on disk.
    case nameNotUTF8
    /// A FIFO, socket, device or folder where a snapshot file was expected;
    /// the string names the kind ("a FIFO"). Such a file is never read: a
    /// FIFO would block, a device could go on for ever.
    case notRegularFile(String)

    /// The kind of file that a `stat` mode names, for `notRegularFile`:
    /// "a FIFO", "a socket", "a character device", "a block device", "a directory".
    public static func kindName(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "an unknown kind of file"
        }
    }

    /// A short stable key, used to count skipped files by reason.
    public var key: String {
        switch self {
        case .unreadable: return "unreadable"
        case .tooLarge: return "too large"
        case .empty: return "empty"
        case .binary: return "binary"
        case .notText: return "not text"
        case .notSnapshot: return "not a snapshot"
        case .nameNotUTF8: return "name not UTF-8"
        case .notRegularFile: return "not a regular file"
        }
    }

    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot be read: \(why)"
        case .tooLarge(let bytes, let limit):
            return "too large for a snapshot (\(bytes / 1_048_576) MB, the limit is \(limit / 1_048_576) MB)"
        case .empty: return "empty file, not a snapshot"
        case .binary: return "binary data, not a snapshot"
        case .notText: return "not text: neither valid UTF-8 nor GB18030"
        case .notSnapshot(let why): return "not a snapshot: \(why)"
        case .nameNotUTF8: return "its name is not UTF-8 (rename it, for example with convmv -f gbk -t utf-8)"
        case .notRegularFile(let kind): return "not a regular file (\(kind))"
        }
    }
}

/// A file that could not be parsed, with the path it came from.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var problem: SnapshotProblem

    public init(file: String, problem: SnapshotProblem) {
        self.file = file
        self.problem = problem
    }

    /// `path: reason`, the one line printed on stderr.
    public var description: String { "\(file): \(problem.message)" }
}
