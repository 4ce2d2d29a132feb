import Foundation
import Testing
@testable import SnapshotStore

/// Index files whose checksum matches but whose content is hostile (what the
/// `charindex` fuzz target makes): every offset is refused by a check, never
/// by a trap.
@Suite struct HostileIndexFileTests {
    /// A listing offset past `Int.max` (found by the fuzz target: the
    /// conversion to `Int` trapped) and a directory entry whose offset plus
    /// length overflows are both reported as damage.
    @Test(arguments: ["listing offset", "entry offset"])
    func offsetsThatOverflowAreDamage(field: String) throws {
        let corpus = try TemporaryCorpus(count: 5, seed: 3)
        let library = try corpus.library()
        try library.index.update()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: library.index.characterIndexPath)))
        func readUInt64(_ offset: Int) -> UInt64 {
            bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        func writeUInt64(_ value: UInt64, at offset: Int) {
            for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
        let capacity = Int(bytes[16]) | Int(bytes[17]) << 8 | Int(bytes[18]) << 16 | Int(bytes[19]) << 24
        switch field {
        case "listing offset":
            let listingStart = Int(readUInt64(bytes.count - CharacterIndex.trailerSize))
            writeUInt64(UInt64.max - 3, at: listingStart)
        default:
            // The first directory entry's offset (after the document table and the live bitmap).
            let directory = 24 + capacity * DocumentEntry.size + (capacity + 63) / 64 * 8
            writeUInt64(UInt64.max - 1, at: directory + 12)
        }
        let sum = bytes.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        writeUInt64(sum, at: bytes.count - 8)
        let path = corpus.root + "/hostile.chars"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { _ = try CharacterIndex.load(path: path) }
    }
}

/// The note that a character index was checked whole saves the next
/// process that pass, and only for that very file: any change to it is
/// seen by the whole check again.
@Suite struct VerifiedMarkTests {
    @Test func aNoteSavesTheCheckUntilTheFileChanges() throws {
        let corpus = try TemporaryCorpus(count: 20, seed: 5)
        let library = try corpus.library()
        try library.index.update()
        let path = library.index.characterIndexPath
        // A file changed less than a second ago gets no note: checked whole each time.
        #expect(try #require(try CharacterIndex.load(path: path)).checkedWhole)
        #expect(!FileManager.default.fileExists(atPath: path + VerifiedMark.suffix))
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try #require(try CharacterIndex.load(path: path)).checkedWhole)
        #expect(FileManager.default.fileExists(atPath: path + VerifiedMark.suffix))
        let vouched = try #require(try CharacterIndex.load(path: path))
        #expect(!vouched.checkedWhole)
        #expect(try library.search("社区").count == (try corpus.library().search("社区")).count)

        // A note that does not parse is no note.
        let note = try Data(contentsOf: URL(fileURLWithPath: path + VerifiedMark.suffix))
        try Data(note.dropLast()).write(to: URL(fileURLWithPath: path + VerifiedMark.suffix))
        #expect(try #require(try CharacterIndex.load(path: path)).checkedWhole)

        // One byte changed in place, the size kept: the change time moved, so the whole check runs and sees it.
        Thread.sleep(forTimeInterval: 1.2)
        #expect(!(try #require(try CharacterIndex.load(path: path)).checkedWhole))
        let descriptor = open(path, O_WRONLY)
        #expect(descriptor >= 0)
        var byte: UInt8 = 0x5A
        let size = Int(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(pwrite(descriptor, &byte, 1, off_t(size / 2)) == 1)
        close(descriptor)
        #expect(throws: StoreError.self) { _ = try CharacterIndex.load(path: path) }
    }
}
