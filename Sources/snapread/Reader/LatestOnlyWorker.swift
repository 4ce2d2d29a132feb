import Foundation
import SnapshotStore

/// Runs jobs one at a time on a background queue, where only the newest job
/// matters: a job superseded before it starts is skipped. Results wait in an
/// inbox that the UI drains between keys; `wake` tells it one is there.
/// `@unchecked Sendable`: `latest` is read and written only under `lock`;
/// the other stored properties are constants (the inbox locks itself).
final class LatestOnlyWorker<Output: Sendable>: @unchecked Sendable {
    private let queue: DispatchQueue
    private let lock = NSLock()
    private var latest = 0
    private let finished: Inbox<Output>

    init(label: String, wake: WakeSignal? = nil) {
        queue = DispatchQueue(label: label)
        finished = Inbox(wake: wake)
    }

    func submit(_ job: @escaping @Sendable () -> Output) {
        lock.lock()
        latest += 1
        let ticket = latest
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            let superseded = ticket != latest
            lock.unlock()
            if superseded { return }
            finished.post(job())
        }
    }

    func drain() -> [Output] { finished.drain() }
}

/// A corpus library opened on first use by the one thread that uses it.
/// `@unchecked Sendable`: `opened` is touched only by `get()`, which runs
/// only in jobs of one `LatestOnlyWorker`, on its serial queue.
final class LazyLibrary: @unchecked Sendable {
    private let corpus: String
    private let databasePath: String?
    private var opened: StoreReaderLibrary?

    init(corpus: String, databasePath: String?) {
        self.corpus = corpus
        self.databasePath = databasePath
    }

    func get() throws -> StoreReaderLibrary {
        if let opened { return opened }
        let library = StoreReaderLibrary(library: try CorpusLibrary(corpus: corpus, databasePath: databasePath))
        opened = library
        return library
    }
}
