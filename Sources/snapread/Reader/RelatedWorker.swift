import ReaderCore

/// Resolves an article's related items and backlinks on its own thread and
/// connection, so following links never waits on the index; only the most
/// recent article matters.
/// `@unchecked Sendable`: both stored properties are constants, each safe to
/// share (see `LatestOnlyWorker` and `LazyLibrary`).
final class RelatedWorker: @unchecked Sendable {
    struct Result: Sendable {
        var handle: Int64
        var related: [ResolvedRelatedItem]
        var backlinks: [ArticleSummary]
    }

    private let worker: LatestOnlyWorker<Result>
    private let library: LazyLibrary

    init(corpus: String, databasePath: String?, wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Result>(label: "snapread.related", wake: wake)
        library = LazyLibrary(corpus: corpus, databasePath: databasePath)
    }

    func load(_ handle: Int64) {
        worker.submit { [library] in
            let opened = try? library.get()
            return Result(handle: handle, related: (try? opened?.related(handle)) ?? [], backlinks: (try? opened?.backlinks(handle)) ?? [])
        }
    }

    func drain() -> [Result] { worker.drain() }
}
