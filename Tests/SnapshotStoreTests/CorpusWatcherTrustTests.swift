import Foundation
import Testing
@testable import SnapshotStore

/// The watcher when the corpus's path changes under it, and the names it
/// takes. (Another user holding a name needs a second uid: see
/// EndToEndTests/TrustEndToEndTests.)
@Suite struct CorpusWatcherTrustTests {
    @Test func aParentFolderMovedAndReplacedEndsTheWatcherWithUnsure() throws {
        let corpus = try TemporaryCorpus()
        let parent = corpus.root + "/news"
        let root = parent + "/corpus"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data(snapshotText(title: "旧的", body: ["旧文。"]).utf8).write(to: URL(fileURLWithPath: root + "/a.txt"))
        let running = try CorpusWatcherTests.RunningWatcher(root: root)
        guard case .token = WatchChannel.ask(root: root) else {
            Issue.record("no token before the move")
            return
        }
        try FileManager.default.moveItem(atPath: parent, toPath: corpus.root + "/news-old")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(WatchChannel.ask(root: root) == .unsure, "the watcher must not vouch for another folder")
        #expect(running.hasFinished(within: 5), "and it leaves the name to a watcher of the new folder")
        #expect(WatchChannel.ask(root: root) == .noWatcher)
    }

    @Test func theFirstNameIsTakenAndASecondWatcherOfTheSameUserIsRefused() throws {
        let corpus = try TemporaryCorpus(count: 1)
        let running = try CorpusWatcherTests.RunningWatcher(root: corpus.corpus)
        #expect(running.watcher.slot == 0)
        #expect(throws: CorpusWatcher.SetupError.self) { try CorpusWatcher(root: corpus.corpus, idleSeconds: 1) }
    }
}
