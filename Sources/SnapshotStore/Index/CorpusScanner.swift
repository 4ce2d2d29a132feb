import Dispatch
import CorpusWatch
import Foundation
import SnapshotFormat

/// A file found under the corpus folder, with what tells whether it changed.
struct ScannedFile: Sendable {
    var path: String
    var size: Int64
    var modified: Int64
    /// Its name, or a folder's on its way, is not UTF-8: `path` has U+FFFD
    /// in its place and does not open. A folder so named stands here for
    /// everything in it (its path ends in "/").
    var nameNotUTF8 = false
    /// Why it is skipped without being read, when the walk already knows:
    /// not a regular file (a FIFO, a socket, a device, a link to a folder),
    /// a link to nothing, or a folder that cannot be read (its path ends in
    /// "/" and stands for everything in it).
    var problem: SnapshotProblem?
}

/// Walks a corpus folder and its subfolders with readdir and fstatat, one
/// folder per task on every core: hidden entries are skipped and symbolic
/// links to folders are not followed (no loops). Everything else that is not
/// a regular file is listed with its problem, so every skip has a reason. Paths come back sorted by
/// their UTF-8 bytes, the order SQLite keeps them in.
enum CorpusScanner {
    /// Every file, sorted, in memory (small corpora and tests; an update
    /// takes them in order through `scanSorted` instead).
    static func scan(root: String, parallel: Bool = true) throws -> [ScannedFile] {
        try scanSorted(root: root, parallel: parallel).all()
    }

    /// Every file, in the order of the UTF-8 bytes of its path, one at a
    /// time: the walk sorts runs of `runLength` files and spills them to a
    /// temporary file in `folder` (`WalkRuns`), so that neither the whole
    /// list nor one large folder's is held in memory.
    static func scanSorted(root: String, parallel: Bool = true, folder: String = NSTemporaryDirectory(),
                           runLength: Int = WalkRuns.defaultRunLength) throws -> SortedFiles {
        let runs = Locked(WalkRuns(folder: folder, runLength: runLength))
        let failure = Locked<(any Error)?>(nil)
        do {
            _ = try walk(root: root, parallel: parallel, quick: false) { files in
                do {
                    try runs.withLock { try $0.add(files) }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
            return try runs.withLock { try $0.finish() }
        } catch {
            runs.withLock { $0.close() }
            throw error
        }
    }

    /// What the quick check compares: a hash of the path, the size and the
    /// modification time, sorted by hash. No strings are made.
    static func fingerprints(root: String, parallel: Bool = true) throws -> [FileFingerprint] {
        var all = try walk(root: root, parallel: parallel, quick: true, found: { _ in }).flatMap(\.fingerprints)
        all.sort { $0.pathHash < $1.pathHash }
        return all
    }

    /// Breadth first: each level's folders are read together (in parallel when
    /// asked), and give the next level. Files (not fingerprints) go to
    /// `found` as they are listed, a few thousand at a time.
    private static func walk(root: String, parallel: Bool, quick: Bool,
                             found: @escaping @Sendable ([ScannedFile]) -> Void) throws -> [FolderContents] {
        var info = stat()
        guard stat(root, &info) == 0 else { throw StoreError.io(root, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.notADirectory(root) }
        var folders: [FolderContents] = []
        var level = [""]
        while !level.isEmpty {
            let outcomes = ParallelSlots(count: level.count, initial: FolderContents())
            let current = level
            forEach(current.count, parallel: parallel) { index in
                // The folder's last files go to `found` too: only the subfolders stay.
                var outcome = readFolder(root: root, relative: current[index], quick: quick, found: found)
                if !outcome.files.isEmpty { found(outcome.files) }
                outcome.files = []
                outcomes.set(index, outcome)
            }
            level = outcomes.values.flatMap(\.subfolders)
            folders += outcomes.values
        }
        return folders
    }

    /// Runs `body` for 0..<count, on every core or on this thread alone.
    static func forEach(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel {
            ParallelLoop.run(iterations: count, body)
        } else {
            for index in 0..<count { body(index) }
        }
    }

    struct FolderContents: Sendable {
        var files: [ScannedFile] = []
        var fingerprints: [FileFingerprint] = []
        var subfolders: [String] = []
    }

    /// Files handed to `found` at a time.
    static let handOver = 4096

    private static func readFolder(root: String, relative: String, quick: Bool, found: ([ScannedFile]) -> Void) -> FolderContents {
        var contents = FolderContents()
        let folder = relative.isEmpty ? root : root + "/" + relative
        // O_NONBLOCK: whatever the name has become since it was listed, the open returns.
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0, let directory = fdopendir(descriptor) else {
            let why = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            // A subfolder that cannot be read stands for what is in it.
            var info = stat()
            if !relative.isEmpty, stat(folder, &info) == 0 {
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                if quick {
                    contents.fingerprints.append(FileFingerprint(pathHash: PathHash.of(relative + "/"), size: 0, modified: modified))
                } else {
                    contents.files.append(ScannedFile(path: relative + "/", size: 0, modified: modified, problem: .unreadable(why)))
                }
            }
            return contents
        }
        defer { closedir(directory) }
        let prefix = relative.isEmpty ? "" : relative + "/"
        var prefixHash = PathHash()
        prefixHash.add(prefix.utf8)
        while let entry = readdir(directory) {
            let type = entry.pointee.d_type
            var childInfo = stat()
            do {
                withEntryName(entry) { name in
                    if name[0] == 0x2E { return } // hidden, "." and ".."
                    // A name that is not UTF-8 is recorded under its repaired
                    // spelling as a problem (a folder so named is not entered).
                    let valid = isUTF8(name)
                    var isFolder = type == UInt8(DT_DIR)
                    var problem: SnapshotProblem?
                    if !isFolder || !valid {
                        if fstatat(descriptor, name, &childInfo, 0) != 0 {
                            // Gone since readdir, or a link that leads nowhere.
                            let why = errno
                            guard fstatat(descriptor, name, &childInfo, AT_SYMLINK_NOFOLLOW) == 0,
                                  childInfo.st_mode & S_IFMT == S_IFLNK else { return }
                            problem = .unreadable(why == ENOENT ? "a symbolic link to a missing file"
                                                                : "a symbolic link: \(String(cString: strerror(why)))")
                        } else {
                            let kind = childInfo.st_mode & S_IFMT
                            if kind == S_IFDIR {
                                if type == UInt8(DT_LNK) {
                                    // A link to a folder is not followed (no loops).
                                    problem = .notRegularFile("a symbolic link to a folder, not followed")
                                } else {
                                    isFolder = true
                                }
                            } else if kind != S_IFREG {
                                problem = .notRegularFile(SnapshotProblem.kindName(mode: childInfo.st_mode))
                            }
                        }
                    }
                    if isFolder && valid {
                        contents.subfolders.append(prefix + String(cString: name))
                        return
                    }
                    let size = isFolder ? 0 : Int64(childInfo.st_size)
                    // The later of the modification and the status change: an
                    // edit whose modification time was put back (`touch -r`,
                    // `utime`) still changes the status time, which no one can set.
                    let modified = max(Int64(childInfo.st_mtim.tv_sec) * 1_000_000_000 + Int64(childInfo.st_mtim.tv_nsec),
                                       Int64(childInfo.st_ctim.tv_sec) * 1_000_000_000 + Int64(childInfo.st_ctim.tv_nsec))
                    if quick {
                        var hash = prefixHash
                        if valid {
                            var index = 0
                            while name[index] != 0 {
                                hash.add(UInt8(bitPattern: name[index]))
                                index += 1
                            }
                        } else {
                            hash.add((String(cString: name) + (isFolder ? "/" : "")).utf8)
                        }
                        contents.fingerprints.append(FileFingerprint(pathHash: hash.value, size: size, modified: modified))
                        return
                    }
                    contents.files.append(ScannedFile(path: prefix + String(cString: name) + (isFolder ? "/" : ""),
                                                      size: size, modified: modified, nameNotUTF8: !valid, problem: problem))
                    if contents.files.count >= handOver {
                        found(contents.files)
                        contents.files.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        return contents
    }

    /// Whether a NUL-terminated name is UTF-8 (ASCII names, most of them, at a glance).
    private static func isUTF8(_ name: UnsafePointer<CChar>) -> Bool {
        var index = 0
        while name[index] != 0 {
            if name[index] < 0 { return String(validatingCString: name) != nil }
            index += 1
        }
        return true
    }
}

/// A file as the quick up-to-date check sees it.
struct FileFingerprint: Sendable, Equatable {
    var pathHash: UInt64
    var size: Int64
    var modified: Int64
}

/// 64-bit FNV-1a over a path's UTF-8 bytes, fed in pieces.
struct PathHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for byte in bytes { add(byte) }
    }

    static func of(_ path: String) -> UInt64 {
        var hash = PathHash()
        hash.add(path.utf8)
        return hash.value
    }
}
