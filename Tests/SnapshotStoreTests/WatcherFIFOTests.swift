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
        var fifos: [String] = []
        defer {
            // Frees a watcher stuck on a FIFO (what this test guards against),
            // so that a failure does not leave a thread waiting for ever.
            for fifo in fifos {
                let writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer >= 0 { close(writer) }
            }
        }
        // A folder moved in with many folders under it keeps the watcher
        // walking them; meanwhile a new folder is made and replaced by a
        // FIFO. When the watcher reads that folder's creation, the name is a
        // FIFO, which it takes for a folder: watching it and opening it must
        // be refused (IN_ONLYDIR, O_DIRECTORY, O_NONBLOCK), not wait for a
        // writer. (Without all three the watcher hangs here.)
        for round in 0..<3 {
            let outside = corpus.root + "/moved-in-\(round)"
            for folder in 0..<1000 {
                try FileManager.default.createDirectory(atPath: outside + "/f\(folder)", withIntermediateDirectories: true)
            }
            let path = corpus.corpus + "/swap-\(round)"
            #expect(rename(outside, corpus.corpus + "/moved-in-\(round)") == 0)
            #expect(mkdir(path, 0o755) == 0)
            #expect(rmdir(path) == 0)
            #expect(mkfifo(path, 0o600) == 0)
            fifos.append(path)
        }
        // A FIFO inside the corpus, and a link to one, are files to the watcher.
        #expect(mkfifo(corpus.corpus + "/plain.fifo", 0o600) == 0)
        fifos.append(corpus.corpus + "/plain.fifo")
        #expect(symlink(corpus.corpus + "/plain.fifo", corpus.corpus + "/link-to-fifo") == 0)
        guard case .token(let later) = WatchChannel.ask(root: corpus.corpus, timeoutMilliseconds: 5000) else {
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
