import Foundation

/// A file found under the corpus folder, with what tells whether it changed.
struct ScannedFile: Sendable {
    var path: String
    var size: Int64
    var modified: Int64
}

/// Walks a corpus folder and its subfolders with readdir and stat: hidden
/// entries are skipped and symbolic links to folders are not followed (no loops).
enum CorpusScanner {
    static func scan(root: String) throws -> [ScannedFile] {
        var info = stat()
        guard stat(root, &info) == 0 else { throw StoreError.io(root, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StoreError.notADirectory(root) }
        var files: [ScannedFile] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + child
                var childInfo = stat()
                let type = entry.pointee.d_type
                if type == UInt8(DT_DIR) {
                    pending.append(child)
                    continue
                }
                if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) || type == UInt8(DT_REG) {
                    guard stat(full, &childInfo) == 0 else { continue }
                    let kind = childInfo.st_mode & S_IFMT
                    if kind == S_IFDIR {
                        if type == UInt8(DT_UNKNOWN) { pending.append(child) }
                        continue
                    }
                    guard kind == S_IFREG else { continue }
                    let modified = Int64(childInfo.st_mtim.tv_sec) * 1_000_000_000 + Int64(childInfo.st_mtim.tv_nsec)
                    files.append(ScannedFile(path: child, size: Int64(childInfo.st_size), modified: modified))
                }
            }
        }
        files.sort { $0.path < $1.path }
        return files
    }
}
