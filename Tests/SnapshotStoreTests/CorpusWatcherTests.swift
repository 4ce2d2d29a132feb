import Foundation
import Testing
@testable import SnapshotStore

/// The corpus watcher, run on a thread of the test, and the index trusting it.
@Suite struct CorpusWatcherTests {
    /// A watcher on its own thread, stopped when the test is done with it.
    final class RunningWatcher {
        let watcher: CorpusWatcher
        private let finished = DispatchSemaphore(value: 0)
        private var joined = false

        init(root: String) throws {
            watcher = try CorpusWatcher(root: root, idleSeconds: 60)
            let watcher = self.watcher
            let finished = self.finished
            Thread.detachNewThread {
                watcher.run()
                finished.signal()
            }
        }

        /// Whether `run()` returned within `seconds`.
        func hasFinished(within seconds: Double) -> Bool {
            joined = joined || finished.wait(timeout: .now() + seconds) == .success
            return joined
        }

        deinit {
            watcher.stop()
            if !joined { _ = finished.wait(timeout: .now() + 5) }
        }
    }

    func token(_ root: String) throws -> ChangeToken {
        guard case .token(let token) = WatchChannel.ask(root: root) else {
            throw WatcherTestError.noToken(String(describing: WatchChannel.ask(root: root)))
        }
        return token
    }

    enum WatcherTestError: Error { case noToken(String) }

    @Test func countsWritesCreationsRemovalsAndRenamesButNotHiddenFiles() throws {
        let corpus = try TemporaryCorpus(count: 6, perFolder: 3)
        let running = try RunningWatcher(root: corpus.corpus)
        let start = try token(corpus.corpus)
        #expect(try token(corpus.corpus) == start, "nothing changed, nothing counted")

        try corpus.write(".hidden-notes", "not part of the corpus")
        #expect(try token(corpus.corpus) == start, "hidden entries are skipped, as the scanner skips them")

        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.corpus).filter { $0.hasSuffix(".txt") }.sorted()
        let handle = try #require(FileHandle(forWritingAtPath: corpus.corpus + "/" + files[0]))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        handle.closeFile()
        let afterWrite = try token(corpus.corpus)
        #expect(afterWrite.instance == start.instance)
        #expect(afterWrite.changes > start.changes, "a write in place is seen")

        try corpus.write("later/deeper/new.txt", snapshotText(title: "新来的", body: ["正文。"]))
        let afterCreate = try token(corpus.corpus)
        #expect(afterCreate.changes > afterWrite.changes)
        // The new folders are watched too: a write inside them counts.
        try corpus.write("later/deeper/new.txt", snapshotText(title: "又改了", body: ["正文。"]))
        let afterNestedWrite = try token(corpus.corpus)
        #expect(afterNestedWrite.changes > afterCreate.changes)

        try corpus.move(files[1], "moved.txt")
        let afterMove = try token(corpus.corpus)
        #expect(afterMove.changes > afterNestedWrite.changes)
        try corpus.remove(files[2])
        #expect(try token(corpus.corpus).changes > afterMove.changes)
        withExtendedLifetime(running) {}
    }

    @Test func cannotVouchForSymbolicLinksToFiles() throws {
        let corpus = try TemporaryCorpus(count: 2)
        let outside = corpus.root + "/outside.txt"
        try Data(snapshotText(title: "在外面", body: ["正文。"]).utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: corpus.corpus + "/linked.txt", withDestinationPath: outside)
        let running = try RunningWatcher(root: corpus.corpus)
        #expect(WatchChannel.ask(root: corpus.corpus) == .unsure, "a change to the target would go unseen")
        withExtendedLifetime(running) {}
    }

    @Test func oneWatcherPerCorpusAndItEndsWithTheCorpusFolder() throws {
        let corpus = try TemporaryCorpus(count: 2)
        let running = try RunningWatcher(root: corpus.corpus)
        #expect(throws: CorpusWatcher.SetupError.self) { try CorpusWatcher(root: corpus.corpus, idleSeconds: 60) }
        #expect(try token(corpus.corpus).changes == 0)
        try FileManager.default.removeItem(atPath: corpus.corpus)
        #expect(running.hasFinished(within: 5), "the watcher exits once its corpus is gone")
        #expect(WatchChannel.ask(root: corpus.corpus) == .noWatcher)
    }

    @Test func aQuietWatcherExitsAfterItsIdleTime() throws {
        let corpus = try TemporaryCorpus(count: 1)
        let watcher = try CorpusWatcher(root: corpus.corpus, idleSeconds: 0.3)
        let started = Date()
        watcher.run()
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A monitor the test moves by hand.
    /// `@unchecked Sendable`: `token` is set and read only on the test's
    /// thread (the index asks for it inside `update()`, called there).
    final class ManualMonitor: ChangeMonitor, @unchecked Sendable {
        var token: ChangeToken? = ChangeToken(instance: 7, changes: 0)
        func currentToken(root: String) -> ChangeToken? { token }
    }

    @Test func theIndexSkipsItsWalkOnlyWhileTheTokenStandsStill() throws {
        let corpus = try TemporaryCorpus(count: 12, perFolder: 4)
        let library = try corpus.library()
        let monitor = ManualMonitor()
        library.index.changeMonitor = monitor
        #expect(try library.index.update().indexed == 12)
        let vouched = try library.index.update()
        #expect(vouched.filesExamined == 0, "the token from before the first run still stands")
        #expect(vouched.unchanged == 12)

        // A change the token does not show is not looked for: that is the
        // watcher's whole job, which is why it must see every change.
        try corpus.write("unseen.txt", snapshotText(title: "没人看见", body: ["海市蜃楼。"]))
        #expect(try library.index.update().filesExamined == 0)
        #expect(try library.search("海市蜃楼").isEmpty)

        monitor.token = ChangeToken(instance: 7, changes: 1)
        let walked = try library.index.update()
        #expect(walked.indexed == 1)
        #expect(walked.filesExamined == 13)
        #expect(try library.search("海市蜃楼").map(\.article.path) == ["unseen.txt"])
        #expect(try library.index.update().filesExamined == 0)

        // Another watcher (a restart) or none at all: every file is stat'ed.
        monitor.token = ChangeToken(instance: 8, changes: 1)
        #expect(try library.index.update().filesExamined == 13)
        monitor.token = nil
        #expect(try library.index.update().filesExamined == 13)
    }

    @Test func aTokenFromAnOlderIndexIsNotTrusted() throws {
        let corpus = try TemporaryCorpus(count: 5)
        let monitor = ManualMonitor()
        let library = try corpus.library()
        library.index.changeMonitor = monitor
        try library.index.update()
        // Another process without a watcher brings the index up to date:
        // the saved token names the generation before that update.
        let other = try corpus.library()
        try corpus.write("added.txt", snapshotText(title: "另一个进程", body: ["琉璃瓦。"]))
        #expect(try other.index.update().indexed == 1)
        #expect(try library.index.update().filesExamined == 6)
    }

    @Test func withARealWatcherEveryChangeIsFoundAndQuietRunsStatNothing() throws {
        let corpus = try TemporaryCorpus(count: 10, perFolder: 5)
        let running = try RunningWatcher(root: corpus.corpus)
        let library = try corpus.library()
        library.index.changeMonitor = WatcherChangeMonitor { _ in }
        #expect(try library.index.update().indexed == 10)
        #expect(try library.index.update().filesExamined == 0)

        try corpus.write("part-000/fresh.txt", snapshotText(title: "刚写好的", body: ["珊瑚礁的新段落。"]))
        let afterAdd = try library.index.update()
        #expect(afterAdd.indexed == 1)
        #expect(try library.search("珊瑚礁").map(\.article.path) == ["part-000/fresh.txt"])

        try corpus.write("part-000/fresh.txt", snapshotText(title: "刚写好的", body: ["改成了玛瑙的段落,长一些。"]))
        #expect(try library.index.update().indexed == 1)
        #expect(try library.search("珊瑚礁").isEmpty)
        #expect(try library.search("玛瑙").count == 1)

        try corpus.remove("part-000/fresh.txt")
        #expect(try library.index.update().removed == 1)
        #expect(try library.index.update().filesExamined == 0)
        withExtendedLifetime(running) {}
    }
}
