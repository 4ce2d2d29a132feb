import Foundation
import GRDB
import Testing
@testable import SnapshotStore

@Suite struct IncrementalIndexTests {
    @Test func firstRunIndexesEverythingSecondRunNothing() throws {
        let corpus = try TemporaryCorpus(count: 60, perFolder: 25)
        try corpus.write("broken/empty.txt", "")
        try corpus.write("notes.md", "# notes\n\nnothing here\n")
        let library = try corpus.library()
        var problems: [String] = []
        let first = try library.index.update(problem: { problems.append($0.description) })
        #expect(first.indexed == 60)
        #expect(first.skipped == ["empty": 1, "not a snapshot": 1])
        #expect(first.line == "indexed 60, unchanged 0, removed 0, skipped 2 (1 empty, 1 not a snapshot)")
        #expect(problems.sorted() == [
            "broken/empty.txt: empty file, not a snapshot",
            "notes.md: not a snapshot: no metadata line (类别/发布时间/来源) and no snapshot footer",
        ])
        problems = []
        let second = try library.index.update(problem: { problems.append($0.description) })
        #expect(second.indexed == 0)
        #expect(second.unchanged == 60)
        #expect(second.skipped == ["empty": 1, "not a snapshot": 1])
        #expect(problems.isEmpty, "bad files are not re-read until they change")
        #expect(try library.count() == 60)
    }

    /// A file or folder whose name is not UTF-8 (a GBK name from another
    /// system) is skipped with that reason, under its repaired name, and
    /// does not make every later check walk the files again.
    @Test func namesThatAreNotUTF8AreSkippedWithTheirReason() throws {
        let corpus = try TemporaryCorpus(count: 3)
        let text = Array(snapshotText(title: "名字", body: ["正文。"]).utf8)
        func create(_ name: [UInt8], folder: Bool = false) {
            let path = Array(corpus.corpus.utf8) + [0x2F] + name + [0]
            path.withUnsafeBufferPointer { raw in
                raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: path.count) { name in
                    if folder {
                        mkdir(name, 0o755)
                        return
                    }
                    let descriptor = open(name, O_WRONLY | O_CREAT, 0o644)
                    _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    close(descriptor)
                }
            }
        }
        create([0xB9, 0xFA, 0xC4, 0xDA] + Array(".txt".utf8)) // 国内.txt in GBK
        create(Array("dir".utf8) + [0xFE], folder: true)
        create(Array("dir".utf8) + [0xFE, 0x2F] + Array("inside.txt".utf8))
        let library = try corpus.library()
        var problems: [String] = []
        let first = try library.index.update(problem: { problems.append($0.description) })
        #expect(first.indexed == 3)
        #expect(first.skipped == ["name not UTF-8": 2])
        #expect(problems.sorted() == [
            "dir\u{FFFD}/: its name is not UTF-8 (rename it, for example with convmv -f gbk -t utf-8)",
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.txt: its name is not UTF-8 (rename it, for example with convmv -f gbk -t utf-8)",
        ].sorted())
        // What the quick check sees on disk is what the index saved.
        let saved = try #require(try FileState.load(path: library.index.database.path + ".state"))
        #expect(try CorpusScanner.fingerprints(root: corpus.corpus) == saved.fingerprints)
        problems = []
        let second = try library.index.update(problem: { problems.append($0.description) })
        #expect(second.unchanged == 3 && second.skipped == ["name not UTF-8": 2] && problems.isEmpty)
    }

    @Test func addedChangedAndRemovedFilesAreSeen() throws {
        let corpus = try TemporaryCorpus(count: 20)
        let library = try corpus.library()
        try library.index.update()
        let victim = try #require(try library.list(limit: 1).first)
        try corpus.remove(victim.path)
        try corpus.write("new/added.txt", snapshotText(title: "新增的文章", body: ["独一无二的鹦鹉螺段落。"]))
        let changed = try #require(try library.list(limit: 2).last)
        try corpus.write(changed.path, snapshotText(title: "改写后的标题", body: ["改写后的正文,提到了琥珀。"]))
        let summary = try library.index.update()
        #expect(summary.indexed == 2)
        #expect(summary.removed == 1)
        #expect(summary.unchanged == 18)
        #expect(try library.article(atPath: victim.path) == nil)
        #expect(try library.article(atPath: changed.path)?.title == "改写后的标题")
        #expect(try library.search("鹦鹉螺").map(\.article.path) == ["new/added.txt"])
        #expect(try library.search("琥珀").map(\.article.path) == [changed.path])
        #expect(try library.search(victim.title).allSatisfy { $0.article.path != victim.path })
    }

    /// An edit of the same size whose modification time is put back (as
    /// `touch -r` or a copying tool does): the status time still moves, and
    /// the edit is seen.
    @Test func anEditWithItsOldModificationTimeIsSeen() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "原来的标题", body: ["原来的正文提到了珊瑚。"]))
        let library = try corpus.library()
        try library.index.update()
        let path = corpus.corpus + "/a.txt"
        var before = stat()
        #expect(stat(path, &before) == 0)
        try corpus.write("a.txt", snapshotText(title: "原来的标题", body: ["原来的正文提到了琥珀。"]))
        var times = [timespec(tv_sec: before.st_atim.tv_sec, tv_nsec: before.st_atim.tv_nsec),
                     timespec(tv_sec: before.st_mtim.tv_sec, tv_nsec: before.st_mtim.tv_nsec)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_size == before.st_size && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        let summary = try library.index.update()
        #expect(summary.indexed == 1)
        #expect(try library.search("琥珀").map(\.article.path) == ["a.txt"])
        #expect(try library.search("珊瑚").isEmpty)
    }

    @Test func killedRunIsRepairedOnTheNextRun() throws {
        let corpus = try TemporaryCorpus(count: 30)
        let library = try corpus.library()
        try library.index.update()
        // What a SIGKILL between the database commit and the character index
        // write leaves: the database says the character index is stale, and
        // the text store has bytes the database never recorded.
        try library.index.database.writer.write { db in try IndexDatabase.setMeta(db, "chars_generation", -1) }
        let handle = try #require(FileHandle(forWritingAtPath: library.index.text.path))
        handle.seekToEndOfFile()
        handle.write(Data(repeating: 0x41, count: 1000))
        handle.closeFile()
        try corpus.write("late.txt", snapshotText(title: "迟到的文章", body: ["晚到的砗磲。"]))
        let reopened = try corpus.library()
        let summary = try reopened.index.update()
        #expect(summary.indexed == 1)
        #expect(try reopened.search("砗磲").map(\.article.path) == ["late.txt"])
        let expected = try corpus.parsedArticles().values.filter { SearchableTextForTests.text($0).contains("区") }.count
        #expect(try reopened.search("区").count == expected)
        #expect(expected > 20)
    }

    @Test func searchWithoutAnUpToDateIndexSaysSo() throws {
        let corpus = try TemporaryCorpus(count: 3)
        let library = try corpus.library()
        #expect(throws: StoreError.self) { try library.search("的") }
    }

    @Test func twoProcessesIndexingTheSameCorpusBothSucceed() throws {
        let corpus = try TemporaryCorpus(count: 80)
        let a = try corpus.library()
        let b = try corpus.library()
        let summaries = ThreadSafeBox<[IndexSummary]>([])
        let group = DispatchGroup()
        for library in [a, b] {
            DispatchQueue.global().async(group: group) {
                if let summary = try? library.index.update() { summaries.mutate { $0.append(summary) } }
            }
        }
        group.wait()
        let results = summaries.value
        #expect(results.count == 2)
        #expect(results.map(\.indexed).sorted() == [0, 80])
        #expect(try a.count() == 80)
        let expected = try corpus.parsedArticles().values.filter { SearchableTextForTests.text($0).contains("区") }.count
        #expect(try b.search("区").count == expected)
    }
}

/// A value several threads change in turn.
/// `@unchecked Sendable`: `stored` is read and written only under `lock`.
final class ThreadSafeBox<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func mutate(_ change: (inout Value) -> Void) {
        lock.lock()
        change(&stored)
        lock.unlock()
    }
}

@Suite struct QuickCheckTests {
    @Test func sameSizeRewriteInPlaceIsNoticed() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "原来的标题", body: ["原来的内容写在这里。"]))
        let library = try corpus.library()
        try library.index.update()
        let unchanged = try library.index.update()
        #expect(unchanged.unchanged == 1)
        #expect(unchanged.indexed == 0)
        // Same length in bytes, different words, written over the old file.
        try corpus.write("a.txt", snapshotText(title: "后来的标题", body: ["后来的内容写在这里。"]))
        let changed = try library.index.update()
        #expect(changed.indexed == 1)
        #expect(try library.article(atPath: "a.txt")?.title == "后来的标题")
        #expect(try library.search("后来").count == 1)
        #expect(try library.search("原来").isEmpty)
    }

    @Test func deletedStateFileOnlyCostsASlowerCheck() throws {
        let corpus = try TemporaryCorpus(count: 10)
        let library = try corpus.library()
        try library.index.update()
        try FileManager.default.removeItem(atPath: library.index.database.path + ".state")
        let summary = try library.index.update()
        #expect(summary.unchanged == 10)
        #expect(summary.indexed == 0)
        #expect(FileManager.default.fileExists(atPath: library.index.database.path + ".state"))
    }

    /// The saved file state reads back whole, or without the fingerprints
    /// (what a command reads when the watcher vouches for the files), and a
    /// damaged file is refused as damaged.
    @Test func theFileStateReadsBackWithAndWithoutFingerprints() throws {
        let folder = try TemporaryCorpus()
        let path = folder.root + "/state"
        let prints = (0..<500).map { FileFingerprint(pathHash: UInt64($0) * 7919, size: Int64($0), modified: Int64($0) * 3) }
        for (fingerprints, skipped) in [(prints, ["not a snapshot": 2, "empty file": 1]), ([], [:])] {
            let state = FileState(generation: 42, fingerprints: fingerprints, goodFiles: fingerprints.count, skipped: skipped)
            try state.write(to: path)
            let whole = try #require(try FileState.load(path: path))
            #expect(whole.fingerprints == fingerprints && whole.skipped == skipped && whole.generation == 42)
            let counts = try #require(try FileState.load(path: path, fingerprints: false))
            #expect(counts.fingerprints.isEmpty && counts.skipped == skipped && counts.goodFiles == fingerprints.count)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.dropLast(3).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try FileState.load(path: path) }
        #expect(throws: StoreError.self) { try FileState.load(path: path, fingerprints: false) }
    }
}

@Suite struct CompactionTests {
    /// Re-crawled files leave their old text behind; once it is more than
    /// half the text store, the store is rewritten under a new name and
    /// searches and links still find everything.
    @Test func rewritingMostFilesCompactsTheTextStore() throws {
        let corpus = try TemporaryCorpus(count: 450, seed: 8)
        let library = try corpus.library()
        try library.index.update()
        let firstPath = library.index.text.path
        let paths = try library.list().map(\.path)
        for round in 1...2 {
            for path in paths {
                let text = try String(contentsOfFile: corpus.corpus + "/" + path, encoding: .utf8)
                let rewritten = round == 1
                    ? text.replacingOccurrences(of: "\n\n以上内容", with: "\n\n第1次补充的段落。\n\n以上内容")
                    : text.replacingOccurrences(of: "第1次补充", with: "第2次补充")
                try corpus.write(path, rewritten)
            }
            try library.index.update()
        }
        #expect(library.index.text.path != firstPath, "the store moved to a compacted file")
        #expect(!FileManager.default.fileExists(atPath: firstPath), "the old file is gone")
        let size = try FileManager.default.attributesOfItem(atPath: library.index.text.path)[.size] as? Int ?? 0
        let live = try library.index.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT SUM(text_length) FROM article") ?? 0 }
        #expect(size < live * 2)
        // Everything still reads right, in this process and in a new one.
        #expect(try library.search("第2次补充").count == 450)
        #expect(try library.search("第1次补充").isEmpty)
        let reopened = try corpus.library()
        #expect(try reopened.search("第2次补充").count == 450)
        let articles = try corpus.parsedArticles()
        let expected = articles.values.filter { SearchableTextForTests.text($0).contains("社区") }.count
        #expect(try reopened.search("社区").count == expected)
        let resolved = try paths.prefix(40).flatMap { try reopened.related(ofPath: $0) }.filter { $0.target != nil }
        #expect(resolved.count > 40)
    }
}
