import CorpusGenerator
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

    /// The checksum of a whole file lets go of its pages as it goes: the
    /// file is never resident whole, and the sum is the same.
    @Test func checksumPassLetsGoAsItReads() throws {
        let path = NSTemporaryDirectory() + "snapread-mapped-\(UUID().uuidString).bin"
        let length = 16 << 20
        var bytes = [UInt8](repeating: 0, count: length)
        for index in stride(from: 0, to: length, by: 97) { bytes[index] = UInt8(truncatingIfNeeded: index) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let file = try MappedFile(path: path)
        var mostResident = 0
        var covered = 0
        let sum = file.withUnsafeBytes { whole in
            ContentHash.of(whole, chunk: 2 << 20) { range in
                #expect(range.lowerBound == covered)
                covered = range.upperBound
                mostResident = max(mostResident, (try? Self.residentKB(of: path)) ?? .max)
                file.releaseResidentPages(in: range)
            }
        }
        #expect(sum == ContentHash.of(bytes))
        #expect(covered == length)
        #expect(mostResident > 0 && mostResident <= 6 << 10, "\(mostResident) KB resident at most")
        #expect(try Self.residentKB(of: path) < 256)
    }
}

/// Reading the text store through its mapping gives the pages back every
/// few hundred frames: a pass over all of it at random (the link table's
/// resolution) no longer keeps the whole store resident.
@Suite struct TextStoreResidencyTests {
    @Test func aPassOverEveryFrameKeepsFewOfItsPages() throws {
        let path = NSTemporaryDirectory() + "snapread-text-\(UUID().uuidString).text"
        defer { unlink(path) }
        let store = TextStore(path: path)
        try store.openForAppending(validLength: 0)
        var random = SplitMix64(seed: 9)
        // Bytes that do not compress: each frame takes its 16 KB in the file.
        var articles: [(offset: Int, length: Int, first: UInt8)] = []
        for _ in 0..<1_000 {
            let article = (0..<TextFrame.target).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            articles.append((try store.append(article), article.count, article[0]))
        }
        try store.synchronize()
        try store.mapForReading()
        #expect(store.frames.count == 1_000)
        for article in articles {
            #expect(store.withBytes(offset: article.offset, length: article.length) { $0.first } == article.first)
        }
        let fileKB = Int(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)) / 1024
        let resident = try MappedFileResidencyTests.residentKB(of: path)
        #expect(resident < fileKB / 2, "\(resident) KB of \(fileKB) KB resident after reading every frame")
    }
}
