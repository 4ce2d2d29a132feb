import Foundation
import ReaderCore
import SnapshotStore

/// Runs the reader's searches on its own thread and its own connection to
/// the index, so typing is never blocked. A request superseded by a newer one
/// before it starts is skipped.
final class SearchWorker: @unchecked Sendable {
    struct Result: Sendable {
        var query: String
        var handles: [Int64]
        var error: String?
    }

    private let corpus: String
    private let databasePath: String?
    private let queue = DispatchQueue(label: "snapread.search")
    private let lock = NSLock()
    private var latest = 0
    private var results: [Result] = []
    private var library: CorpusLibrary?

    init(corpus: String, databasePath: String?) {
        self.corpus = corpus
        self.databasePath = databasePath
    }

    func search(_ query: String, filter: ReaderFilter) {
        lock.lock()
        latest += 1
        let ticket = latest
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            let superseded = ticket != latest
            lock.unlock()
            if superseded { return }
            var result = Result(query: query, handles: [])
            do {
                if library == nil { library = try CorpusLibrary(corpus: corpus, databasePath: databasePath) }
                result.handles = try library?.searchHandles(query, filter: StoreReaderLibrary.articleFilter(filter), allowStale: true) ?? []
            } catch {
                result.error = "\(error)"
            }
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
