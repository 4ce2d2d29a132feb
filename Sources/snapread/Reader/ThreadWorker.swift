import ReaderCore

/// Walks the thread view's links on its own thread and connection: the
/// first walk after the corpus changed brings the link table up to date,
/// which takes seconds on a hundred thousand articles, and the keys must not
/// wait for it. Only the newest request matters (a change of depth replaces it).
/// `@unchecked Sendable`: both stored properties are constants, each safe to
/// share (see `LatestOnlyWorker` and `LazyLibrary`).
final class ThreadWorker: @unchecked Sendable {
    private let worker: LatestOnlyWorker<Message>
    private let library: LazyLibrary

    init(corpus: String, databasePath: String?, wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Message>(label: "snapread.thread", wake: wake)
        library = LazyLibrary(corpus: corpus, databasePath: databasePath)
    }

    /// Walks the thread of an article; the answer is a `.threadLoaded` in `drain()`.
    func load(_ handle: Int64, depth: Int) {
        worker.submit { [library] in
            do {
                let effect = Effect.loadThread(handle: handle, depth: depth)
                return try library.get().answer(effect) ?? .threadLoaded(handle: handle, depth: depth, stories: [], error: "no answer")
            } catch {
                return .threadLoaded(handle: handle, depth: depth, stories: [], error: "\(error)")
            }
        }
    }

    func drain() -> [Message] { worker.drain() }
}
