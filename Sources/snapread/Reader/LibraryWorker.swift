import ReaderCore
import SnapshotStore

/// A reader job that must not hold up a key or a frame, run on its own
/// thread and its own connection to the index (opened at its first job):
/// the related items and backlinks of an article, a thread's walk, a
/// picker's counts under a kept search, a search. Only the newest request
/// matters: one overtaken before it starts is skipped (`LatestOnlyWorker`),
/// and the model drops an answer that arrives for a request it no longer
/// waits for. Answers wait in `drain()` for the loop, which hands them to
/// `update`.
/// `@unchecked Sendable`: both stored properties are constants, each safe to
/// share (see `LatestOnlyWorker` and `LazyLibrary`).
final class LibraryWorker<Result: Sendable>: @unchecked Sendable {
    private let worker: LatestOnlyWorker<Result>
    private let library: LazyLibrary

    init(label: String, corpus: String, databasePath: String?, wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Result>(label: label, wake: wake)
        library = LazyLibrary(corpus: corpus, databasePath: databasePath)
    }

    /// Runs `job` on the worker's connection; when the index cannot be
    /// opened (or the job throws), `failed` gives the answer instead.
    func submit(_ job: @escaping @Sendable (StoreReaderLibrary) throws -> Result,
                failed: @escaping @Sendable (any Error) -> Result) {
        worker.submit { [library] in
            do {
                return try job(library.get())
            } catch {
                return failed(error)
            }
        }
    }

    /// The answers that arrived since the last call, oldest first.
    func drain() -> [Result] { worker.drain() }
}

extension LibraryWorker where Result == Message {
    /// Answers a read of the library as the loop would (`ReaderLibrary.answer`),
    /// off the loop; `failed` is the answer when the index cannot be opened.
    func answer(_ effect: Effect, failed: @escaping @Sendable (any Error) -> Message) {
        submit({ library in
            if let answer = library.answer(effect) { return answer }
            throw UnansweredEffect()
        }, failed: failed)
    }

    /// Runs a search; an index with no search part yet answers "wait" (the
    /// model runs it again once the index is built).
    func search(_ query: String, filter: ReaderFilter) {
        submit({ library in
            let handles = try library.library.searchHandles(query, filter: filter.articleFilter, allowStale: true)
            Trace.mark("runtime: \(handles.count) results for “\(query)”")
            return .searchResults(query: query, handles: ListOrder(handles))
        }, failed: { error in
            if let storeError = error as? StoreError, case .stillIndexing = storeError {
                // Still "searching…": it runs again when the index is built.
                Trace.mark("runtime: search for “\(query)” waits for the index")
                return .searchFailed(query: query, error: "\(StoreError.stillIndexing)", waitsForIndex: true)
            }
            Trace.mark("runtime: search for “\(query)” failed: \(error)")
            return .searchFailed(query: query, error: "\(error)", waitsForIndex: false)
        })
    }
}

/// An effect `ReaderLibrary.answer` has no answer for (a wiring mistake).
struct UnansweredEffect: Error, CustomStringConvertible {
    var description: String { "no answer" }
}
