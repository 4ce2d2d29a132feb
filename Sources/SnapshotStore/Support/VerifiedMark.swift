import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a path names, and when it last changed: from `fstat` of the
/// descriptor a mapping was made from.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: UInt64
    var modified: timespec
    var changed: timespec

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = UInt64(info.st_size)
        modified = info.st_mtim
        changed = info.st_ctim
    }

    static func == (a: Self, b: Self) -> Bool { a.fields == b.fields }

    var fields: [UInt64] {
        [device, inode, size, UInt64(bitPattern: Int64(modified.tv_sec)), UInt64(modified.tv_nsec),
         UInt64(bitPattern: Int64(changed.tv_sec)), UInt64(changed.tv_nsec)]
    }
}

/// A note beside a cache file (`NAME.checked`) that the whole file was
/// read and matched its checksum, while it was this very file (device,
/// inode, size, modification and change times) with this checksum.
///
/// The character index is checked whole when a process first opens it: at
/// a million articles that is a 226 MB pass, 19 ms of every command
/// (`list --limit 50`, a search, the reader's first frame). A later process
/// that finds the note matching the file it mapped skips that pass. Any
/// write, truncation, rename or `touch` of the file sets its change time
/// (which no program can set back), so the note then no longer matches and
/// the file is checked whole again. The note is only written for a file
/// that last changed a second or more before: the kernel's clock for file
/// times ticks every few milliseconds, and a change in the same tick as the
/// one noted would leave the times as they were.
enum VerifiedMark {
    static let magic: UInt64 = 0x5952_4946_4952_4556 // the bytes "VERIFIRY": a tag the note starts with
    static let suffix = ".checked"

    /// Whether the note beside `file` vouches for the file with `identity`
    /// whose stored checksum is `sum`.
    static func vouches(for identity: FileIdentity, sum: UInt64, file: String) -> Bool {
        let expected = bytes(identity, sum: sum)
        let descriptor = open(file + suffix, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var found = [UInt8](repeating: 0, count: expected.count + 1)
        let got = found.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        return got == expected.count && found[0..<got].elementsEqual(expected)
    }

    /// Writes the note for the file with `identity` and `sum`, just checked
    /// whole; nothing when it changed less than a second ago, or when the
    /// note cannot be written (it only saves time).
    static func record(_ identity: FileIdentity, sum: UInt64, file: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        guard now.tv_sec - identity.changed.tv_sec >= 2 || (now.tv_sec - identity.changed.tv_sec == 1 && now.tv_nsec >= identity.changed.tv_nsec) else { return }
        let temporary = file + suffix + ".tmp-\(getpid())"
        let note = bytes(identity, sum: sum)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let written = note.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == note.count, rename(temporary, file + suffix) == 0 else {
            unlink(temporary)
            return
        }
    }

    private static func bytes(_ identity: FileIdentity, sum: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        for value in [magic] + identity.fields + [sum] { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        return out
    }
}
