import Foundation

/// The files of the corpus as the index last saw them, as sorted fingerprints,
/// saved beside the index. Checking that nothing changed then takes one
/// stat per file and no database work: what makes `list` and `search` fast on
/// an index that is up to date.
///
/// Layout (little endian): magic `SRST`, version, generation (u64), file
/// count, good files, length of the reasons (u32 each), the checksum of the
/// fingerprints (u64), the checksum of the header before it and the reasons
/// (u64); then 24 bytes a fingerprint, then the reasons (`key\tcount\n`).
/// The header is checked whenever the file is read; the fingerprints, only
/// when they are read (a command the watcher vouches for does not need them).
struct FileState {
    static let magic: UInt32 = 0x5453_5253 // "SRST"
    static let version: UInt32 = 2
    static let headerSize = 44

    var generation: Int64
    var fingerprints: [FileFingerprint]
    var goodFiles: Int
    var skipped: [String: Int]

    /// The saved state; without `fingerprints`, only the counts and the
    /// generation are read (what a command needs when the watcher vouches
    /// for the files), and `fingerprints` is empty. Nil when there is no
    /// file; `StoreError.damaged` when there is one that is not whole.
    static func load(path: String, fingerprints wanted: Bool = true) throws -> FileState? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        func damaged(_ why: String) -> StoreError { StoreError.damaged(file: path, reason: why) }
        guard let head = try? handle.read(upToCount: headerSize), let size = try? handle.seekToEnd() else {
            throw damaged("unreadable")
        }
        guard head.count == headerSize else { throw damaged(head.isEmpty ? "empty" : "truncated (\(size) bytes)") }
        guard head.readUInt32(0) == magic else { throw damaged("not a file state (bad magic)") }
        guard head.readUInt32(4) == version else { throw damaged("format version \(head.readUInt32(4)), not \(version)") }
        let generation = Int64(bitPattern: head.readUInt64(8))
        let count = Int(head.readUInt32(16))
        let goodFiles = Int(head.readUInt32(20))
        let reasonsLength = Int(head.readUInt32(24))
        let fingerprintsSum = head.readUInt64(28)
        let headerSum = head.readUInt64(36)
        let reasonsStart = headerSize + count * 24
        guard Int(size) == reasonsStart + reasonsLength else { throw damaged("truncated or extended (\(size) bytes, \(reasonsStart + reasonsLength) expected)") }
        guard (try? handle.seek(toOffset: UInt64(reasonsStart))) != nil,
              let reasonBytes = reasonsLength == 0 ? Data() : try? handle.read(upToCount: reasonsLength),
              reasonBytes.count == reasonsLength else { throw damaged("unreadable reasons") }
        guard ContentHash.of(Array(head.prefix(36)) + Array(reasonBytes)) == headerSum else { throw damaged("header checksum mismatch") }
        var fingerprints: [FileFingerprint] = []
        if wanted {
            guard (try? handle.seek(toOffset: UInt64(headerSize))) != nil,
                  let entries = count == 0 ? Data() : try? handle.read(upToCount: count * 24),
                  entries.count == count * 24 else { throw damaged("unreadable fingerprints") }
            guard entries.withUnsafeBytes({ ContentHash.of($0) }) == fingerprintsSum else { throw damaged("fingerprint checksum mismatch") }
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
        var skipped: [String: Int] = [:]
        for line in String(decoding: reasonBytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let count = Int(parts[1]) { skipped[String(parts[0])] = count }
        }
        return FileState(generation: generation, fingerprints: fingerprints, goodFiles: goodFiles, skipped: skipped)
    }

    func write(to path: String) throws {
        var entries = Data()
        entries.reserveCapacity(fingerprints.count * 24)
        for print in fingerprints {
            entries.appendUInt64(print.pathHash)
            entries.appendUInt64(UInt64(bitPattern: print.size))
            entries.appendUInt64(UInt64(bitPattern: print.modified))
        }
        let reasons = Array(skipped.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined().utf8)
        var data = Data()
        data.reserveCapacity(FileState.headerSize + entries.count + reasons.count)
        data.appendUInt32(FileState.magic)
        data.appendUInt32(FileState.version)
        data.appendUInt64(UInt64(bitPattern: generation))
        data.appendUInt32(UInt32(fingerprints.count))
        data.appendUInt32(UInt32(goodFiles))
        data.appendUInt32(UInt32(reasons.count))
        data.appendUInt64(entries.withUnsafeBytes { ContentHash.of($0) })
        data.appendUInt64(ContentHash.of(Array(data) + reasons))
        data.append(entries)
        data.append(contentsOf: reasons)
        let temporary = path + ".tmp-\(getpid())"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw StoreError.io(path, String(cString: strerror(errno))) }
    }
}

/// The watcher's token at a moment when the index (of the character index
/// generation named) matched the files: one line beside the index,
/// `SRWT 1 INSTANCE CHANGES GENERATION CHECKSUM`, the checksum over what
/// precedes it.
struct WatchTokenFile: Equatable {
    var token: ChangeToken
    var generation: Int64

    /// Nil when there is no file; `StoreError.damaged` when it is not one
    /// this version wrote whole.
    static func load(path: String) throws -> WatchTokenFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 6, parts[0] == "SRWT", parts[1] == "1", let instance = UInt64(parts[2]), let changes = UInt64(parts[3]),
              let generation = Int64(parts[4]), let sum = UInt64(parts[5], radix: 16),
              sum == ContentHash.of(Array(parts[0...4].joined(separator: " ").utf8)), text.hasSuffix("\n") else {
            throw StoreError.damaged(file: path, reason: data.isEmpty ? "empty" : "not a watch token written whole")
        }
        return WatchTokenFile(token: ChangeToken(instance: instance, changes: changes), generation: generation)
    }

    /// Written whole or not at all; a failure only costs the next command a walk.
    func write(to path: String) {
        let line = "SRWT 1 \(token.instance) \(token.changes) \(generation)"
        let text = line + " " + String(ContentHash.of(Array(line.utf8)), radix: 16) + "\n"
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)),
              rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
    }
}
