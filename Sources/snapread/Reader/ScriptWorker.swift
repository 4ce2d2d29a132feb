import ReaderCore
import SnapshotFormat

/// Converts the open article into the other script on its own thread, so an
/// OpenCC call (serialised behind one lock in `ScriptConverter`, about 4 MB/s)
/// never holds up a key or a frame; only the most recent request matters.
/// `@unchecked Sendable`: `worker` is a constant that locks itself, and
/// `converters` is touched only by jobs of that worker, on its serial queue.
final class ScriptWorker: @unchecked Sendable {
    private let worker: LatestOnlyWorker<Message>
    /// Opened on first use and kept: opening OpenCC's dictionaries costs more than converting an article.
    private var converters: [ScriptConverter.Script: ScriptConverter] = [:]

    init(wake: WakeSignal? = nil) {
        worker = LatestOnlyWorker<Message>(label: "snapread.script", wake: wake)
    }

    /// Converts `article`; the answer is a `.scriptConverted` in `drain()`.
    func convert(_ article: Article, handle: Int64, to script: ScriptConverter.Script) {
        worker.submit { [self] in
            do {
                let converter = try converters[script] ?? ScriptConverter(to: script)
                converters[script] = converter
                return .scriptConverted(handle: handle, script, converter.convert(article), error: nil)
            } catch {
                return .scriptConverted(handle: handle, script, nil, error: "\(error)")
            }
        }
    }

    /// The answers that arrived since the last call, oldest first.
    func drain() -> [Message] { worker.drain() }
}
