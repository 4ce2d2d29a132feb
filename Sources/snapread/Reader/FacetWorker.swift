import ReaderCore

/// Counts a picker's names under a kept search on its own thread and
/// connection: the search and the rows of its results take far longer than a
/// frame on a large corpus (0.7–1 s for 69,392 results of 100,000, loaded
/// machine), so the picker says "counting…" meanwhile instead of the reader
/// freezing. Only the latest picker matters.
/// `@unchecked Sendable`: both stored properties are constants, each safe to
/// share (see `LatestOnlyWorker` and `LazyLibrary`).
final class FacetWorker: @unchecked Sendable {
    struct Result: Sendable {
        var kind: FacetKind
        var counts: [CategoryCount]
    }

    private let worker: LatestOnlyWorker<Result>
    private let library: LazyLibrary

    init(corpus: String, databasePath: String?, wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Result>(label: "snapread.facets", wake: wake)
        library = LazyLibrary(corpus: corpus, databasePath: databasePath)
    }

    func count(_ kind: FacetKind, filter: ReaderFilter) {
        worker.submit { [library] in
            Result(kind: kind, counts: (try? library.get().facets(kind, filter: filter)) ?? [])
        }
    }

    func drain() -> [Result] { worker.drain() }
}
