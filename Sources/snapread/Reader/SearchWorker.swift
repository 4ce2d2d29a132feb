import ReaderCore
import SnapshotStore

/// Runs the reader's searches on their own thread and connection to the
/// index, so typing is never blocked; a search overtaken by newer typing
/// before it starts is skipped.
/// `@unchecked Sendable`: both stored properties are constants, each safe to
/// share (see `LatestOnlyWorker` and `LazyLibrary`).
final class SearchWorker: @unchecked Sendable {
    struct Result: Sendable {
        var query: String
        var handles: [Int64]
        var error: String?
        /// The index had no search part yet: the search runs again once it has.
        var waitsForIndex = false
    }

    private let worker: LatestOnlyWorker<Result>
    private let library: LazyLibrary

    init(corpus: String, databasePath: String?, wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Result>(label: "snapread.search", wake: wake)
        library = LazyLibrary(corpus: corpus, databasePath: databasePath)
    }

    func search(_ query: String, filter: ReaderFilter) {
        worker.submit { [library] in
            do {
                let handles = try library.get().library.searchHandles(
                    query, filter: filter.articleFilter, allowStale: true)
                return Result(query: query, handles: handles)
            } catch StoreError.stillIndexing {
                return Result(query: query, handles: [], error: "\(StoreError.stillIndexing)", waitsForIndex: true)
            } catch {
                return Result(query: query, handles: [], error: "\(error)")
            }
        }
    }

    func drain() -> [Result] { worker.drain() }
}
