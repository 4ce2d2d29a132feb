import Foundation

/// The files of the corpus as the index last saw them, as sorted fingerprints,
/// saved beside the index. Checking that nothing changed then takes one
/// stat per file and no database work: what makes `list` and `search` fast on
/// an index that is up to date.
struct FileState {
    static let magic: UInt32 = 0x5453_5253 // "SRST"

    var generation: Int64
    var fingerprints: [FileFingerprint]
    var goodFiles: Int
    var skipped: [String: Int]

    /// The saved state; without `fingerprints`, only the counts and the
    /// generation are read (what a command needs when the watcher vouches
    /// for the files), and `fingerprints` is empty.
    static func load(path: String, fingerprints wanted: Bool = true) -> FileState? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 24), head.count == 24, head.readUInt32(0) == magic,
              let size = try? handle.seekToEnd() else { return nil }
        let generation = Int64(bitPattern: head.readUInt64(4))
        let count = Int(head.readUInt32(12))
        let goodFiles = Int(head.readUInt32(16))
        let reasonsLength = Int(head.readUInt32(20))
        let reasonsStart = 24 + count * 24
        guard Int(size) == reasonsStart + reasonsLength else { return nil }
        var fingerprints: [FileFingerprint] = []
        if wanted {
            guard (try? handle.seek(toOffset: 24)) != nil,
                  let entries = count == 0 ? Data() : try? handle.read(upToCount: count * 24),
                  entries.count == count * 24 else { return nil }
            fingerprints.reserveCapacity(count)
            entries.withUnsafeBytes { raw in
                for index in 0..<count {
                    let base = index * 24
                    fingerprints.append(FileFingerprint(
                        pathHash: raw.loadUnaligned(fromByteOffset: base, as: UInt64.self),
                        size: raw.loadUnaligned(fromByteOffset: base + 8, as: Int64.self),
                        modified: raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self)))
                }
            }
        }
        guard (try? handle.seek(toOffset: UInt64(reasonsStart))) != nil else { return nil }
        let reasonBytes = reasonsLength == 0 ? Data() : (try? handle.read(upToCount: reasonsLength)) ?? Data()
        guard reasonBytes.count == reasonsLength else { return nil }
        var skipped: [String: Int] = [:]
        for line in String(decoding: reasonBytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let count = Int(parts[1]) { skipped[String(parts[0])] = count }
        }
        return FileState(generation: generation, fingerprints: fingerprints, goodFiles: goodFiles, skipped: skipped)
    }

    func write(to path: String) throws {
        var data = Data()
        data.reserveCapacity(24 + fingerprints.count * 24)
        data.appendUInt32(FileState.magic)
        data.appendUInt64(UInt64(bitPattern: generation))
        data.appendUInt32(UInt32(fingerprints.count))
        data.appendUInt32(UInt32(goodFiles))
        let reasons = skipped.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined()
        data.appendUInt32(UInt32(reasons.utf8.count))
        for print in fingerprints {
            data.appendUInt64(print.pathHash)
            data.appendUInt64(UInt64(bitPattern: print.size))
            data.appendUInt64(UInt64(bitPattern: print.modified))
        }
        data.append(contentsOf: Array(reasons.utf8))
        let temporary = path + ".tmp-\(getpid())"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
    }
}

/// The watcher's token at a moment when the index (of the character index
/// generation named) matched the files: one line beside the index.
struct WatchTokenFile: Equatable {
    var token: ChangeToken
    var generation: Int64

    static func load(path: String) -> WatchTokenFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 3, let instance = UInt64(parts[0]), let changes = UInt64(parts[1]),
              let generation = Int64(parts[2]) else { return nil }
        return WatchTokenFile(token: ChangeToken(instance: instance, changes: changes), generation: generation)
    }

    /// Written whole or not at all; a failure only costs the next command a walk.
    func write(to path: String) {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data("\(token) \(generation)\n".utf8)),
              rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
    }
}
