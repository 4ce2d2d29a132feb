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
    let searcher: SearchWorker
    let relatedWorker: RelatedWorker
    let terminal = CursesTerminal()
    /// Written to by the background workers when they have a result.
    let wake = WakeSignal()
    private let readMarks = DispatchQueue(label: "snapread.read-marks")
    /// `SNAPREAD_FRAME_LOG=FILE` records when the first frame is drawn and how
    /// long each key takes to its next frame, for Benchmarks/reader.sh.
    private let frameLog = FrameLog(path: ProcessInfo.processInfo.environment["SNAPREAD_FRAME_LOG"])

    let config: ConfigLoader.Loaded
    private var themes: [Theme] = [.dark]
    private var themeIndex = 0
    private var startupMessages: [String] = []

    init(library: CorpusLibrary, databasePath: String?, config: ConfigLoader.Loaded = ConfigLoader.load()) {
        self.library = library
        self.config = config
        reader = Reader(library: StoreReaderLibrary(library: library), keymap: config.config.keymap)
        reader.loadsRelatedAsynchronously = true
        reader.listWidthPercent = config.config.listWidthPercent
        let (themes, problems) = ConfigLoader.themes()
        self.themes = themes
        startupMessages = config.problems + problems
        if let index = themes.firstIndex(where: { $0.name == config.config.theme }) {
            themeIndex = index
        } else {
            startupMessages.append("no theme named “\(config.config.theme)”; using dark")
        }
        indexer = BackgroundIndexer(corpus: library.index.root, databasePath: databasePath, wake: wake)
        searcher = SearchWorker(corpus: library.index.root, databasePath: databasePath, wake: wake)
        relatedWorker = RelatedWorker(corpus: library.index.root, databasePath: databasePath, wake: wake)
        reader.searchHistory = (try? library.userData.searchHistory()) ?? []
    }

    /// `o`: only http and https addresses; each browser of `$BROWSER` in
    /// turn, its exit status read; the outcome in words on the status line.
    private func openURL(_ url: String) {
        let message = ExternalActions.open(url) { runBrowser in
            terminal.stop()
            defer { terminal.resume() }
            return runBrowser()
        }
        reader.setMessage(message)
    }

    private func cycleTheme() {
        themeIndex = (themeIndex + 1) % themes.count
        terminal.applyTheme(themes[themeIndex])
        terminal.invalidate()
        reader.setMessage("Theme: \(themes[themeIndex].name) (\(themeIndex + 1)/\(themes.count))")
    }

    /// Performs what the reader asked for; true when it asked to quit.
    private func perform(_ effects: [Effect], width: inout Int, height: inout Int) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .suspend:
                try? library.userData.saveSession(corpus: library.index.root, state: reader.session.encoded)
                terminal.suspend()
                (width, height) = terminal.size
                reader.resize(width: width, height: height)
            case .redraw:
                terminal.invalidate()
            case .markRead(let id):
                let userData = library.userData
                readMarks.async { try? userData.setRead(id, true) }
            case .setRead(let id, let read):
                let userData = library.userData
                readMarks.async { try? userData.setRead(id, read) }
            case .setBookmark(let row, let on):
                // Written before the next key: a SIGKILL right after `b` loses nothing.
                do {
                    if on {
                        try library.userData.addBookmark(Bookmark(
                            articleID: row.id, title: row.title, corpus: library.index.root, path: row.path,
                            category: row.category, published: row.publishedAt?.epochSeconds))
                    } else {
                        try library.userData.removeBookmark(articleID: row.id)
                    }
                } catch {
                    reader.setMessage("could not save the bookmark: \(error)")
                }
            case .search(let query, let filter):
                reader.searchPending = query
                searcher.search(query, filter: filter)
            case .rememberSearch(let query):
                try? library.userData.rememberSearch(query)
            case .openURL(let url):
                openURL(url)
                (width, height) = terminal.size
                reader.resize(width: width, height: height)
            case .copy(let text):
                terminal.writeRaw(ExternalActions.osc52(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil))
            case .cycleTheme:
                cycleTheme()
            case .loadRelated(let handle):
                relatedWorker.load(handle)
            }
        }
        return false
    }

    func run() {
        Trace.mark("runtime: start")
        terminal.start()
        terminal.applyTheme(themes[themeIndex])
        terminal.enableMouse(config.config.mouse)
        Trace.mark("runtime: curses started")
        defer {
            indexer.stop()
            terminal.stop()
            try? library.userData.saveSession(corpus: library.index.root, state: reader.session.encoded)
        }
        var (width, height) = terminal.size
        reader.start(width: width, height: height)
        if let saved = try? library.userData.session(corpus: library.index.root) {
            _ = perform(reader.restore(ReaderSession(encoded: saved)), width: &width, height: &height)
        }
        if !startupMessages.isEmpty { reader.setMessage(startupMessages.joined(separator: " · ")) }
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
                    Trace.mark("runtime: index brought up to date (\(summary.line))")
                    reader.indexing = nil
                    if summary.indexed > 0 || summary.removed > 0 {
                        reloadPending = true
                        lastReload = .distantPast
                        // The search being typed or kept is run again on the new index.
                        if let search = reader.activeSearch {
                            reader.searchPending = search.query
                            searcher.search(search.query, filter: search.filter)
                        }
                    }
                case .failed(let why):
                    reader.indexing = nil
                    reader.setMessage("indexing failed: \(why)")
                }
                dirty = true
            }
            for result in searcher.drain() {
                if result.waitsForIndex {
                    // Still "searching…": it runs again when the index is built.
                    Trace.mark("runtime: search for “\(result.query)” waits for the index")
                } else if let error = result.error {
                    Trace.mark("runtime: search for “\(result.query)” failed: \(error)")
                    if reader.searchPending == result.query { reader.searchPending = nil }
                    reader.setMessage("search: \(error)")
                } else {
                    Trace.mark("runtime: \(result.handles.count) results for “\(result.query)”")
                    reader.applySearchResults(query: result.query, handles: result.handles)
                }
                dirty = true
            }
            for result in relatedWorker.drain() {
                reader.applyRelated(handle: result.handle, related: result.related, backlinks: result.backlinks)
                dirty = true
            }
            if perform(reader.takePendingEffects(), width: &width, height: &height) { return }
            // New rows appear while indexing, at most twice a second (not under a search).
            if reloadPending, reader.filter.searchQuery == nil, reader.promptText == nil, Date().timeIntervalSince(lastReload) > 0.5 {
                reader.reloadOrder()
                Trace.mark("runtime: list reloaded")
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
            // A worker's result wakes the wait, so it is on screen at once.
            guard let key = terminal.readKey(timeoutMilliseconds: 100, wake: wake.descriptor) else { continue }
            frameLog.keyRead(key)
            if key == .resize {
                (width, height) = terminal.size
                reader.resize(width: width, height: height)
            }
            if perform(reader.handle(key), width: &width, height: &height) { return }
            dirty = true
        }
    }
}
