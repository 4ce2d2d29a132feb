import CursesTerminal
import Foundation
import ReaderCore
import SnapshotStore

/// Runs the reader in the terminal: keys in, frames out, effects performed,
/// background indexing reported. The terminal is restored on every way out.
final class ReaderRuntime {
    let library: CorpusLibrary
    let reader: Reader
    let indexer: BackgroundIndexer
    let terminal = CursesTerminal()
    private let readMarks = DispatchQueue(label: "snapread.read-marks")
    /// `SNAPREAD_FRAME_LOG=FILE` records when the first frame is drawn and how
    /// long each key takes to its next frame, for Benchmarks/reader.sh.
    private let frameLog = FrameLog(path: ProcessInfo.processInfo.environment["SNAPREAD_FRAME_LOG"])

    init(library: CorpusLibrary, databasePath: String?) {
        self.library = library
        reader = Reader(library: StoreReaderLibrary(library: library))
        indexer = BackgroundIndexer(corpus: library.index.root, databasePath: databasePath)
    }

    func run() {
        Trace.mark("runtime: start")
        terminal.start()
        Trace.mark("runtime: curses started")
        defer {
            indexer.stop()
            terminal.stop()
        }
        var (width, height) = terminal.size
        reader.start(width: width, height: height)
        Trace.mark("runtime: reader started")
        indexer.start()
        var dirty = true
        var lastReload = Date.distantPast
        var reloadPending = false
        while true {
            for event in indexer.drain() {
                switch event {
                case .progress(let done, let total):
                    reader.indexing = IndexingStatus(done: done, total: total)
                    reloadPending = true
                case .finished(let summary):
                    reader.indexing = nil
                    if summary.indexed > 0 || summary.removed > 0 { reloadPending = true; lastReload = .distantPast }
                case .failed(let why):
                    reader.indexing = nil
                    reader.setMessage("indexing failed: \(why)")
                }
                dirty = true
            }
            // New rows appear while indexing, at most twice a second.
            if reloadPending, Date().timeIntervalSince(lastReload) > 0.5 {
                reader.reloadOrder()
                lastReload = Date()
                reloadPending = false
                dirty = true
            }
            if dirty {
                var screen = ScreenBuffer(width: width, height: height)
                reader.render(into: &screen)
                terminal.draw(screen)
                dirty = false
                frameLog.frameDrawn()
            }
            guard let key = terminal.readKey(timeoutMilliseconds: 100) else { continue }
            frameLog.keyRead(key)
            if key == .resize {
                (width, height) = terminal.size
                reader.resize(width: width, height: height)
            }
            for effect in reader.handle(key) {
                switch effect {
                case .quit:
                    return
                case .suspend:
                    terminal.suspend()
                    (width, height) = terminal.size
                    reader.resize(width: width, height: height)
                case .redraw:
                    terminal.invalidate()
                case .markRead(let id):
                    let userData = library.userData
                    readMarks.async { try? userData.setRead(id, true) }
                }
            }
            dirty = true
        }
    }
}
