import CorpusGenerator
import Foundation
import GRDB
import Testing
@testable import SnapshotStore

/// Each step of `CorpusIndex.update` on its own.
@Suite struct UpdateStepTests {
    static func file(_ path: String, size: Int64 = 10, modified: Int64 = 100) -> ScannedFile {
        ScannedFile(path: path, size: size, modified: modified)
    }

    @Test func theDiffReadsNewAndChangedFilesAndRemovesVanishedOnes() {
        let known: [String: ChangeDiff.Known] = [
            "same.txt": .init(size: 10, modified: 100, docno: 1, problem: nil),
            "bigger.txt": .init(size: 9, modified: 100, docno: 2, problem: nil),
            "touched.txt": .init(size: 10, modified: 99, docno: 3, problem: nil),
            "notes.md": .init(size: 10, modified: 100, docno: nil, problem: "not a snapshot"),
            "gone.txt": .init(size: 10, modified: 100, docno: 4, problem: nil),
            "gone.md": .init(size: 10, modified: 100, docno: nil, problem: "not a snapshot"),
        ]
        // In the walk's order: sorted by the bytes of the path.
        let scanned = ["bigger.txt", "new.txt", "notes.md", "same.txt", "touched.txt"].map { Self.file($0) }
        let diff = ChangeDiff(scanned: scanned, known: known)
        #expect(diff.toRead.map(\.path) == ["bigger.txt", "new.txt", "touched.txt"])
        #expect(diff.removedPaths == ["gone.md", "gone.txt"])
        #expect(diff.summary.unchanged == 1 && diff.summary.skipped == ["not a snapshot": 1])
        #expect(diff.summary.removed == 1 && diff.summary.filesExamined == 5)
        #expect(diff.hasChanges)
        // An unchanged file is read again when the retry rule says so.
        let retried = ChangeDiff(scanned: scanned, known: known) { old, _ in old.problem != nil }
        #expect(retried.toRead.map(\.path) == ["bigger.txt", "new.txt", "notes.md", "touched.txt"])
        #expect(!ChangeDiff(scanned: [Self.file("same.txt")], known: ["same.txt": known["same.txt"]!]).hasChanges)
    }

    /// Parses and inserts, feeding the builder; a file that is not a
    /// snapshot is kept with its reason; removal takes every row away.
    @Test func ingestInsertsArticlesAndRemovalTakesThemOut() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "山里的学校", body: ["孩子们上学了。"], related: [(nil, "...一条新路修到了村口,孩子们", "2024-01-01 08:00")]))
        try corpus.write("b.txt", snapshotText(title: "海边的码头", body: ["渔船回港。"]))
        try corpus.write("notes.md", "just notes\n")
        let database = try IndexDatabase(path: corpus.root + "/steps.sqlite")
        let text = TextStore(path: corpus.root + "/steps.sqlite.text")
        try text.openForAppending(validLength: 0)
        let files = try CorpusScanner.scan(root: corpus.corpus)
        var builder: CharacterIndexBuilder? = CharacterIndexBuilder()
        var problems: [String] = []
        let outcome = try ArticleIngest(root: corpus.corpus, database: database.writer, text: text, batchSize: 2, parallel: false)
            .run(files, builder: &builder, problem: { problems.append($0.file) })
        #expect(outcome == ArticleIngest.Outcome(indexed: 2, skipped: ["not a snapshot": 1]))
        #expect(problems == ["notes.md"])
        let counts = try database.writer.read { db in
            try [Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article"), Int.fetchOne(db, sql: "SELECT COUNT(*) FROM related_frame"),
                 Int.fetchOne(db, sql: "SELECT COUNT(*) FROM file")]
        }
        #expect(counts == [2, 1, 3])
        #expect(builder?.scalars.contains(UInt32(("码" as Unicode.Scalar).value)) == true)
        try database.writer.write { db in try FileRemoval.remove(["a.txt", "notes.md"], in: db) }
        let left = try database.writer.read { db in
            try [String.fetchAll(db, sql: "SELECT path FROM article"), String.fetchAll(db, sql: "SELECT path FROM file"),
                 String.fetchAll(db, sql: "SELECT CAST(frame AS TEXT) FROM related_frame")]
        }
        #expect(left == [["b.txt"], ["b.txt"], []])
    }

    /// The document table has every live article at its docno; the
    /// character index written from it is current and searchable, and
    /// the file state step then saves every file's fingerprint.
    @Test func documentTableCharacterIndexAndFileState() throws {
        let corpus = try TemporaryCorpus(count: 12)
        let library = try corpus.library()
        try library.index.update()
        let database = library.index.database.writer
        let table = try DocumentTable.read(from: database)
        let docnos = try database.read { db in try Int.fetchAll(db, sql: "SELECT docno FROM article ORDER BY docno") }
        #expect(table.documents.indices.filter { table.documents[$0] != nil } == docnos)
        #expect(docnos.allSatisfy { table.listings.has($0) })

        // Built afresh from the text store: the same search answers.
        var builder = CharacterIndexBuilder()
        try library.index.ensureTextMapped()
        try CharacterIndexStep.fill(&builder, from: library.index.text, documents: table.documents)
        let before = try library.searchHandles("发展")
        let path = library.index.characterIndexPath
        let generation = try CharacterIndexStep(database: database, text: library.index.text, path: path).write(&builder, table: table, previous: nil)
        #expect(try database.read { db in try IndexDatabase.meta(db, "chars_generation") } == generation)
        #expect(try CharacterIndex.load(path: path)?.generation == UInt64(bitPattern: generation))
        #expect(try library.searchHandles("发展") == before)

        let statePath = corpus.root + "/state"
        try FileStateStep(database: database, path: statePath, watchTokenPath: corpus.root + "/watch")
            .write(token: ChangeToken(instance: 1, changes: 2))
        let state = try #require(try FileState.load(path: statePath))
        #expect(state.generation == generation && state.goodFiles == 12)
        #expect(state.fingerprints == (try CorpusScanner.fingerprints(root: corpus.corpus)))
        #expect(try WatchTokenFile.load(path: corpus.root + "/watch") == WatchTokenFile(token: ChangeToken(instance: 1, changes: 2), generation: generation))
    }

    /// Compaction copies only live text, and every article's text reads
    /// the same from the new file.
    @Test func compactionKeepsOnlyLiveText() throws {
        let corpus = try TemporaryCorpus(count: 6)
        let library = try corpus.library()
        try library.index.update()
        let database = library.index.database.writer
        let before = try DocumentTable.read(from: database)
        try library.index.ensureTextMapped()
        func texts(_ table: DocumentTable) -> [[UInt8]] {
            table.documents.compactMap { $0 }.map { library.index.text.copy(offset: Int($0.textOffset), length: Int($0.textLength)) }
        }
        let expected = texts(before)
        // Half the articles gone: their text is waste.
        let paths = try database.read { db in try String.fetchAll(db, sql: "SELECT path FROM article ORDER BY docno LIMIT 4") }
        try database.write { db in try FileRemoval.remove(paths, in: db) }
        let end = try database.read { db in try IndexDatabase.textEnd(db) }
        try library.index.text.openForAppending(validLength: end)
        let compaction = TextCompaction(database: database, text: library.index.text, basePath: library.index.database.path + ".text", minimum: 0)
        #expect(try compaction.runIfWasteful())
        #expect(try database.read { db in try IndexDatabase.meta(db, "text_generation") } == 1)
        let after = try DocumentTable.read(from: database)
        try library.index.text.mapForReading()
        #expect(texts(after) == Array(expected.suffix(2)))
        #expect(library.index.text.size == expected.suffix(2).reduce(0) { $0 + $1.count })
        #expect(try !compaction.runIfWasteful())
    }
}
