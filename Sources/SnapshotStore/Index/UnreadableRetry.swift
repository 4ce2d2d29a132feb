import Foundation
import GRDB
import SnapshotFormat

/// Files skipped as unreadable are tried again at every update: `chmod 644`
/// (or a link's missing target appearing) changes neither the size nor the
/// modification time the index compares, so nothing else would notice.
/// Trying is one `stat` and one `open` per such file, and only while there
/// are any.
extension CorpusIndex {
    /// The reason key under which unreadable files are counted.
    static let unreadableKey = SnapshotProblem.unreadable("").key

    /// Whether a file the index keeps as unreadable (`problem`), and that
    /// the walk found unchanged and with no problem of its own, opens now:
    /// then it is read again.
    static func retryOpens(_ problem: String?, _ file: ScannedFile, root: String) -> Bool {
        guard problem == unreadableKey, file.problem == nil, !file.nameNotUTF8 else { return false }
        return opensNow(root + "/" + file.path)
    }

    /// Whether any file or folder kept as unreadable opens now.
    func unreadableFileOpensNow() throws -> Bool {
        let paths = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT path FROM file WHERE docno IS NULL AND problem = ?",
                                arguments: [CorpusIndex.unreadableKey])
        }
        return paths.contains { CorpusIndex.opensNow(root + "/" + $0) }
    }

    /// A regular file that opens for reading, or a folder ("…/") that does;
    /// never blocks, and never opens anything else.
    static func opensNow(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let folder = path.hasSuffix("/")
        guard info.st_mode & S_IFMT == (folder ? S_IFDIR : S_IFREG) else { return false }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (folder ? O_DIRECTORY : 0))
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }
}
