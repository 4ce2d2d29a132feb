import Foundation
import Testing
@testable import SnapshotStore

/// A mapped file read whole (a checksum pass) gives its pages back to the
/// kernel, and reads on from the page cache: the reader maps the character
/// index once per library, and each whole mapping counted in its memory.
@Suite struct MappedFileResidencyTests {
    /// This process's resident kilobytes in the mappings of `path` (/proc/self/smaps).
    static func residentKB(of path: String) throws -> Int {
        // Read to the end: String(contentsOfFile:) stops after the first page of a /proc file.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var inFile = false
        var total = 0
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                inFile = line.hasSuffix(path)
            } else if inFile, fields.first == "Rss:", fields.count >= 2, let kilobytes = Int(fields[1]) {
                total += kilobytes
            }
        }
        return total
    }

    @Test func releasedPagesLeaveTheResidentSetAndStillRead() throws {
        let path = NSTemporaryDirectory() + "snapread-mapped-\(UUID().uuidString).bin"
        let length = 16 << 20
        try Data(repeating: 7, count: length).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let file = try MappedFile(path: path)
        let sum = file.withUnsafeBytes { bytes in stride(from: 0, to: bytes.count, by: 4096).reduce(0) { $0 + Int(bytes[$1]) } }
        #expect(sum == 7 * (length / 4096))
        let touched = try Self.residentKB(of: path)
        #expect(touched >= length / 1024 - 64, "\(touched) KB resident")
        file.releaseResidentPages()
        #expect(try Self.residentKB(of: path) < 256)
        #expect(file.readUInt32(length / 2) == 0x0707_0707)
        let after = try Self.residentKB(of: path)
        // One read maps back what the kernel maps at a time (up to a 2 MB folio here), not the file.
        #expect(after <= 4096, "\(after) KB resident after one read")
    }
}
