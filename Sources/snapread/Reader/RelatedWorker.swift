import Foundation
import ReaderCore
import SnapshotStore

/// Resolves an article's related items and backlinks on its own thread and
/// connection, so following links never waits on the index. Only the most
/// recent request matters; older ones are skipped.
final class RelatedWorker: @unchecked Sendable {
    struct Result: Sendable {
        var handle: Int64
        var related: [RelatedRow]
        var backlinks: [ListRow]
    }

    private let corpus: String
    private let databasePath: String?
    private let queue = DispatchQueue(label: "snapread.related")
    private let lock = NSLock()
    private var latest = 0
    private var results: [Result] = []
    private var library: StoreReaderLibrary?

    init(corpus: String, databasePath: String?) {
        self.corpus = corpus
        self.databasePath = databasePath
    }

    func load(_ handle: Int64) {
        lock.lock()
        latest += 1
        let ticket = latest
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            let superseded = ticket != latest
            lock.unlock()
            if superseded { return }
            if library == nil, let opened = try? CorpusLibrary(corpus: corpus, databasePath: databasePath) {
                library = StoreReaderLibrary(library: opened)
            }
            let result = Result(handle: handle, related: (try? library?.related(handle)) ?? [],
                                backlinks: (try? library?.backlinks(handle)) ?? [])
            lock.lock()
            results.append(result)
            lock.unlock()
        }
    }

    func drain() -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        let finished = results
        results.removeAll()
        return finished
    }
}
