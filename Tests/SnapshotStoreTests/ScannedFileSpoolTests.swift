import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The files an update reads wait in a spool on disk; what comes back must
/// be what went in, in order and out of order.
@Suite struct ScannedFileSpoolTests {
    /// Enough files with long names that the records cross the 1 MB read
    /// buffer and several checkpoints; a few with problems the walk found.
    static func files() -> [ScannedFile] {
        (0..<6000).map { n in
            var file = ScannedFile(path: "folder-\(n / 1000)/" + String(repeating: "长", count: n % 97) + "-\(n).txt",
                                   size: Int64(n) * 1_000_003, modified: 1_700_000_000_000_000_000 + Int64(n))
            if n % 1500 == 7 { file.problem = .notRegularFile("a FIFO") }
            if n % 2000 == 11 { file.nameNotUTF8 = true }
            return file
        }
    }

    static func same(_ a: ScannedFile, _ b: ScannedFile) -> Bool {
        a.path == b.path && a.size == b.size && a.modified == b.modified && a.nameNotUTF8 == b.nameNotUTF8 && a.problem == b.problem
    }

    @Test func givesBackWhatWentInAndLeavesNoFile() throws {
        let folder = NSTemporaryDirectory() + "snapread-spool-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = Self.files()
        let spool = try ScannedFileSpool(files, folder: folder)
        // Unlinked at once: nothing to clean up after a crash.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(spool.count == files.count)
        // In order, as the ingest reads it, a batch at a time.
        var position = 0
        while position < spool.count {
            let batch = Array(spool[position..<min(position + 1000, spool.count)])
            for (offset, file) in batch.enumerated() {
                #expect(Self.same(file, files[position + offset]), "\(position + offset)")
            }
            position += batch.count
        }
        // Out of order too.
        for n in [5999, 0, 4321, 1024, 1023, 3000, 7, 1507] {
            #expect(Self.same(spool[n], files[n]), "\(n)")
        }
        #expect(try ScannedFileSpool([], folder: folder).isEmpty)
    }
}
