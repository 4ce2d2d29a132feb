import Foundation
import SnapshotStore

/// Runs jobs one at a time on a background queue, where only the newest job
/// matters: a job superseded before it starts is skipped. Results wait in an
/// inbox that the UI drains between keys; `wake` tells it one is there.
final class LatestOnlyWorker<Output: Sendable>: @unchecked Sendable {
    private let queue: DispatchQueue
    private let lock = NSLock()
    private var latest = 0
    private var finished: [Output] = []
    private let wake: WakeSignal?

    init(label: String, wake: WakeSignal? = nil) {
        queue = DispatchQueue(label: label)
        self.wake = wake
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
            let output = job()
            lock.lock()
            finished.append(output)
            lock.unlock()
            wake?.signal()
        }
    }

    func drain() -> [Output] {
        lock.lock()
        defer { lock.unlock() }
        let outputs = finished
        finished.removeAll()
        return outputs
    }
}

/// A corpus library opened on first use by the one thread that uses it.
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
