import Dispatch
import Foundation

/// A file found under the corpus folder, with what tells whether it changed.
struct ScannedFile: Sendable {
    var path: String
    var size: Int64
    var modified: Int64
}

/// Walks a corpus folder and its subfolders with readdir and fstatat, one
/// folder per task on every core: hidden entries are skipped and symbolic
/// links to folders are not followed (no loops). Paths come back sorted by
/// their UTF-8 bytes, the order SQLite keeps them in.
enum CorpusScanner {
    static func scan(root: String, parallel: Bool = true) throws -> [ScannedFile] {
        var files = try walk(root: root, parallel: parallel, quick: false).flatMap(\.files)
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return files
    }

    /// What the quick check compares: a hash of the path, the size and the
    /// modification time, sorted by hash. No strings are made.
    static func fingerprints(root: String, parallel: Bool = true) throws -> [FileFingerprint] {
        var all = try walk(root: root, parallel: parallel, quick: true).flatMap(\.fingerprints)
        all.sort { $0.pathHash < $1.pathHash }
        return all
    }

    /// Breadth first: each level's folders are read together (in parallel when
    /// asked), and give the next level.
    private static func walk(root: String, parallel: Bool, quick: Bool) throws -> [FolderContents] {
        var info = stat()
        guard stat(root, &info) == 0 else { throw StoreError.io(root, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.notADirectory(root) }
        var folders: [FolderContents] = []
        var level = [""]
        while !level.isEmpty {
            let outcomes = ParallelSlots(count: level.count, initial: FolderContents())
            let current = level
            forEach(current.count, parallel: parallel) { index in
                outcomes.set(index, readFolder(root: root, relative: current[index], quick: quick))
            }
            level = outcomes.values.flatMap(\.subfolders)
            folders += outcomes.values
        }
        return folders
    }

    /// Runs `body` for 0..<count, on every core or on this thread alone.
    static func forEach(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for index in 0..<count { body(index) }
        }
    }

    struct FolderContents: Sendable {
        var files: [ScannedFile] = []
        var fingerprints: [FileFingerprint] = []
        var subfolders: [String] = []
    }

    private static func readFolder(root: String, relative: String, quick: Bool) -> FolderContents {
        var contents = FolderContents()
        let folder = relative.isEmpty ? root : root + "/" + relative
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, let directory = fdopendir(descriptor) else {
            if descriptor >= 0 { close(descriptor) }
            return contents
        }
        defer { closedir(directory) }
        let prefix = relative.isEmpty ? "" : relative + "/"
        var prefixHash = PathHash()
        prefixHash.add(prefix.utf8)
        while let entry = readdir(directory) {
            let type = entry.pointee.d_type
            var childInfo = stat()
            let outcome: (isFolder: Bool, file: ScannedFile?)? = withUnsafePointer(to: entry.pointee.d_name) { namePointer in
                namePointer.withMemoryRebound(to: CChar.self, capacity: 256) { name -> (Bool, ScannedFile?)? in
                    if name[0] == 0x2E { return nil } // hidden, "." and ".."
                    if type == UInt8(DT_DIR) { return (true, nil) }
                    guard type == UInt8(DT_REG) || type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) else { return nil }
                    guard fstatat(descriptor, name, &childInfo, 0) == 0 else { return nil }
                    let kind = childInfo.st_mode & S_IFMT
                    if kind == S_IFDIR { return type == UInt8(DT_UNKNOWN) ? (true, nil) : nil }
                    guard kind == S_IFREG else { return nil }
                    let modified = Int64(childInfo.st_mtim.tv_sec) * 1_000_000_000 + Int64(childInfo.st_mtim.tv_nsec)
                    if quick {
                        var hash = prefixHash
                        var index = 0
                        while name[index] != 0 {
                            hash.add(UInt8(bitPattern: name[index]))
                            index += 1
                        }
                        contents.fingerprints.append(FileFingerprint(pathHash: hash.value, size: Int64(childInfo.st_size), modified: modified))
                        return nil
                    }
                    return (false, ScannedFile(path: prefix + String(cString: name), size: Int64(childInfo.st_size), modified: modified))
                }
            }
            guard let outcome else { continue }
            if outcome.isFolder {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                contents.subfolders.append(prefix + name)
            } else if let file = outcome.file {
                contents.files.append(file)
            }
        }
        return contents
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
