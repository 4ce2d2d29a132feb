import CSystemSupport
import Foundation
import SnapshotStore

/// Keeps the index up to date on its own thread while the reader runs: once
/// at start, then every few seconds, so new, changed and deleted files show
/// up without a restart, whoever indexed them (`IndexSummary.indexChanged`
/// also says when another process wrote the index). It talks to the UI only
/// through its inbox, which also takes the lines about a damaged cache that
/// would otherwise go to stderr, under the reader's screen.
///
/// `@unchecked Sendable`: `stopped` is read and written under `lock`; the
/// other stored properties are constants (the inbox locks itself).
final class BackgroundIndexer: @unchecked Sendable {
    enum Event: Sendable {
        case progress(done: Int, total: Int)
        case finished(IndexSummary)
        case failed(String)
        /// A damaged cache file was thrown away: the line that says which.
        case damaged(String)
    }

    private let corpus: String
    private let databasePath: String?
    private let interval: TimeInterval
    private let lock = NSLock()
    private let pending: Inbox<Event>
    private var stopped = false

    init(corpus: String, databasePath: String?, interval: TimeInterval = 4, wake: WakeSignal? = nil) {
        self.corpus = corpus
        self.databasePath = databasePath
        self.interval = interval
        pending = Inbox(wake: wake)
    }

    /// Sends this process's lines about damaged cache files to the inbox
    /// (any library of this process, the search and link workers' included).
    func takeDamageReports() {
        let pending = self.pending
        CorpusIndex.defaultDamageReporter = { line in pending.post(.damaged(line)) }
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "snapread-indexer"
        thread.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Events since the last call, oldest first.
    func drain() -> [Event] { pending.drain() }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func post(_ event: Event) { pending.post(event) }

    private func run() {
        // Below the UI thread: keys are answered first.
        snapread_nice_this_thread(10)
        let index: CorpusIndex
        do {
            index = try CorpusIndex(corpus: corpus, databasePath: databasePath)
            index.changeMonitor = CorpusWatching.monitor()
        } catch {
            post(.failed("\(error)"))
            return
        }
        while !isStopped {
            do {
                let summary = try index.update(parallel: false, progress: { [self] progress in
                    post(.progress(done: progress.done, total: progress.total))
                })
                post(.finished(summary))
            } catch {
                post(.failed("\(error)"))
            }
            let until = Date().addingTimeInterval(interval)
            while Date() < until, !isStopped { Thread.sleep(forTimeInterval: 0.1) }
        }
    }
}
