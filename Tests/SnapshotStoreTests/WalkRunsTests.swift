import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The walk's files come back in path order from sorted runs on disk, and
/// the list fields of the character index from their temporary file: what
/// goes in must come out, whatever the number of runs.
@Suite struct WalkRunsTests {
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "snapread-walkruns-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Files in a shuffled order, with long names, problems and a name that is not UTF-8.
    static func files() -> [ScannedFile] {
        var generator = SystemRandomNumberGenerator()
        return (0..<5000).map { n in
            var file = ScannedFile(path: "part-\(n % 7)/" + String(repeating: "长", count: n % 61) + "-\(n).txt",
                                   size: Int64(n) * 977, modified: 1_700_000_000_000_000_000 + Int64(n))
            if n % 701 == 3 { file.problem = .notRegularFile("a FIFO") }
            if n % 907 == 5 { file.problem = .unreadable("a symbolic link to a missing file") }
            if n % 1203 == 9 { file.nameNotUTF8 = true }
            return file
        }.shuffled(using: &generator)
    }

    @Test(arguments: [1, 7, 1000, 1 << 16])
    func mergedRunsGiveEveryFileInPathOrder(runLength: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = Self.files()
        var runs = WalkRuns(folder: folder, runLength: runLength)
        var start = 0
        while start < files.count {
            try runs.add(Array(files[start..<min(start + 333, files.count)]))
            start += 333
        }
        let sorted = try runs.finish()
        // The runs' file is unlinked at once.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(sorted.count == files.count)
        let back = try sorted.all()
        let expected = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        #expect(back.count == expected.count)
        for (got, wanted) in zip(back, expected) {
            #expect(ScannedFileSpoolTests.same(got, wanted), "\(wanted.path)")
        }
        #expect(try sorted.next() == nil)
    }

    @Test func aRecordLargerThanTheReadBufferComesBackWhole() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = ScannedFile(path: "b/" + String(repeating: "x", count: SortedFiles.bufferBytes * 2 + 5), size: 1, modified: 2)
        var runs = WalkRuns(folder: folder, runLength: 2)
        try runs.add([ScannedFile(path: "c", size: 3, modified: 4), long, ScannedFile(path: "a", size: 5, modified: 6)])
        let back = try runs.finish().all()
        #expect(back.map(\.path) == ["a", long.path, "c"])
    }

    /// The walk of a real folder through small runs: the same list as sorting it in memory.
    @Test func theScannerSortsThroughRuns() throws {
        let corpus = try TemporaryCorpus(count: 30)
        try corpus.write("flat-z.txt", "x\n")
        try corpus.write("a/b/deep.txt", "x\n")
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try CorpusScanner.scanSorted(root: corpus.corpus, folder: folder, runLength: 1 << 20).all()
        let small = try CorpusScanner.scanSorted(root: corpus.corpus, folder: folder, runLength: 4).all()
        #expect(whole.count == 32)
        #expect(whole.map(\.path) == small.map(\.path))
        #expect(whole.map(\.path) == whole.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// The list fields stream to a file and come back byte for byte.
    @Test func listingTableKeepsItsBlobOnDisk() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = try ListingTable(capacity: 5000, folder: folder)
        var expected: [UInt8] = []
        for docno in stride(from: 0, to: 5000, by: 2) {
            let fields: [String?] = ["p/\(docno).txt", "id\(docno)", String(repeating: "标题", count: docno % 50), nil, docno % 3 == 0 ? "来源" : nil]
            #expect(UInt64(expected.count) == UInt64(table.blobLength))
            try table.add(docno: docno, fields: fields)
            for field in fields {
                guard let field else {
                    withUnsafeBytes(of: UInt32.max.littleEndian) { expected += $0 }
                    continue
                }
                withUnsafeBytes(of: UInt32(field.utf8.count).littleEndian) { expected += $0 }
                expected += field.utf8
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(table.has(0) && !table.has(1) && table.has(4998) && !table.has(5000))
        var back: [UInt8] = []
        try table.forEachBlobChunk { back += $0 }
        #expect(back == expected)
    }

    /// The titles read back by walking the records in order: every document
    /// with fields, once, with its own title, across window boundaries (a
    /// path longer than the window included) and for null titles.
    @Test func listingTableReadsTitlesBackInOrder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = try ListingTable(capacity: 30_000, folder: folder)
        var expected: [(Int, [UInt8])] = []
        for docno in stride(from: 1, to: 30_000, by: 3) {
            let path = docno == 4000 ? String(repeating: "长", count: 400_000) : "p/\(docno).txt"
            let title: String? = docno % 7 == 0 ? nil : String(repeating: "标题", count: docno % 40) + "\(docno)"
            try table.add(docno: docno, fields: [path, "id\(docno)", title, docno % 2 == 0 ? "类" : nil, "来源"])
            expected.append((docno, Array((title ?? "").utf8)))
        }
        var back: [(Int, [UInt8])] = []
        try table.forEachTitle { docno, title in back.append((docno, Array(title))) }
        #expect(back.map(\.0) == expected.map(\.0))
        #expect(back.map(\.1) == expected.map(\.1))
    }
}
