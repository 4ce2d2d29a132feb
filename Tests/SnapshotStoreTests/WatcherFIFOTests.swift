import Foundation
import Testing
@testable import SnapshotStore

/// A FIFO where the watcher expects a folder: it must neither open it nor
/// wait on it, and go on answering.
@Suite struct WatcherFIFOTests {
    @Test func aFIFOAsTheCorpusFolderGivesUnsureWithoutWaiting() throws {
        let corpus = try TemporaryCorpus(count: 1)
        let root = corpus.root + "/fifo-corpus"
        #expect(mkfifo(root, 0o600) == 0)
        let started = DispatchSemaphore(value: 0)
        let box = WatcherBox()
        Thread.detachNewThread {
            box.watcher = try? CorpusWatcher(root: root, idleSeconds: 30)
            started.signal()
            box.watcher?.run()
        }
        #expect(started.wait(timeout: .now() + 5) == .success, "setting up a watcher on a FIFO must not block")
        defer { box.watcher?.stop() }
        #expect(WatchChannel.ask(root: root) == .unsure, "a FIFO is no corpus folder to vouch for")
    }

    @Test func folderNamesThatBecomeFIFOsBeforeTheWatcherLooksDoNotHoldIt() throws {
        let corpus = try TemporaryCorpus(count: 3, perFolder: 3)
        let running = try CorpusWatcherTests.RunningWatcher(root: corpus.corpus)
        guard case .token(let first) = WatchChannel.ask(root: corpus.corpus) else {
            Issue.record("no token before the FIFOs")
            return
        }
        // The creation of a folder is queued; by the time the watcher reads
        // the event, the name is a FIFO. It then walks into it as a folder
        // (this is what O_DIRECTORY | O_NONBLOCK are for). Done many times,
        // since the watcher may be quick enough to see the folder itself.
        for round in 0..<40 {
            let path = corpus.corpus + "/swap-\(round)"
            #expect(mkdir(path, 0o755) == 0)
            #expect(rmdir(path) == 0)
            #expect(mkfifo(path, 0o600) == 0)
        }
        // A FIFO inside the corpus, and a link to one, are files to the watcher.
        #expect(mkfifo(corpus.corpus + "/plain.fifo", 0o600) == 0)
        #expect(symlink(corpus.corpus + "/plain.fifo", corpus.corpus + "/link-to-fifo") == 0)
        guard case .token(let later) = WatchChannel.ask(root: corpus.corpus, timeoutMilliseconds: 2000) else {
            Issue.record("the watcher stopped answering after folders became FIFOs")
            return
        }
        #expect(later.instance == first.instance)
        #expect(later.changes > first.changes, "the new names are counted")
        #expect(!running.hasFinished(within: 0.1), "and the watcher is still running")
    }
}

/// Hands the watcher made on a test thread to the test.
/// `@unchecked Sendable`: `watcher` is written once, before the semaphore
/// the test waits on is signalled, and only read after.
private final class WatcherBox: @unchecked Sendable {
    var watcher: CorpusWatcher?
}
