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
    /// INT, TERM, HUP and QUIT, read by the loop: they leave the way `q` does.
    private let signals = SignalPipe()
    /// Read marks the queue could not save, to be taken back on screen.
    private let unsavedReadMarks = UnsavedReadMarks()
    /// `SNAPREAD_FRAME_LOG=FILE` records when the first frame is drawn and how
    /// long each key takes to its next frame, for Benchmarks/reader.sh.
    private let frameLog = FrameLog(path: ProcessInfo.processInfo.environment["SNAPREAD_FRAME_LOG"])

    let config: ConfigLoader.Loaded
    private var themes: [Theme] = [.dark]
    private var themeIndex = 0
    private var startupMessages: [String] = []
    /// What was wrong in config.toml and the themes, printed on stderr again
    /// once the terminal is back (the reader's message is gone by then).
    private var exitReport: [String] = []

    init(library: CorpusLibrary, databasePath: String?, config: ConfigLoader.Loaded = ConfigLoader.load()) {
        self.library = library
        self.config = config
        reader = Reader(library: StoreReaderLibrary(library: library), keymap: config.config.keymap)
        reader.loadsRelatedAsynchronously = true
        reader.listWidthPercent = config.config.listWidthPercent
        let found = ConfigLoader.readThemes()
        self.themes = found.themes
        startupMessages = config.problems + found.problems
        exitReport = config.details + found.details
        if let index = themes.firstIndex(where: { $0.name == config.config.theme }) {
            themeIndex = index
        } else {
            startupMessages.append("no theme named “\(config.config.theme)”; using dark")
        }
        indexer = BackgroundIndexer(corpus: library.index.root, databasePath: databasePath, wake: wake)
        searcher = SearchWorker(corpus: library.index.root, databasePath: databasePath, wake: wake)
        relatedWorker = RelatedWorker(corpus: library.index.root, databasePath: databasePath, wake: wake)
        reader.searchHistory = (try? library.userData.searchHistory()) ?? []
        if let problem = library.userData.problem { startupMessages.append(problem.description) }
    }

    /// Saves a read mark on the queue; one that is not saved is taken back
    /// (the row shows what the file says) with the reason.
    private func saveReadMark(id: String, read: Bool, handle: Int64?) {
        let userData = library.userData
        guard userData.canWrite else {
            if let handle { reader.updateRow(handle, read: !read) }
            return
        }
        let unsaved = unsavedReadMarks
        let wake = self.wake
        readMarks.async {
            do {
                try userData.setRead(id, read)
            } catch {
                unsaved.add(handle: handle, read: read, error: error)
                wake.signal()
            }
        }
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
                saveReadMark(id: id, read: true, handle: reader.document?.handle)
            case .setRead(let id, let read):
                saveReadMark(id: id, read: read, handle: try? library.handle(forArticleID: id))
                if !library.userData.canWrite, let problem = library.userData.problem {
                    reader.setMessage(UserDataWriteError(change: "read mark", path: problem.path, reason: problem.reason, remedy: problem.remedy).summary)
                }
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
                    // The ★ (or its removal) is taken back: only what was written is shown.
                    reader.updateRow(row.handle, bookmarked: !on)
                    reader.setMessage((error as? UserDataWriteError)?.summary ?? "bookmark not saved: \(error)")
                }
            case .search(let query, let filter):
                reader.searchPending = query
                searcher.search(query, filter: filter)
            case .rememberSearch(let query):
                do {
                    try library.userData.rememberSearch(query)
                } catch let error as UserDataWriteError where library.userData.canWrite {
                    reader.setMessage(error.summary)
                } catch {}
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
        // Last, after the way out below: a signal that ended the loop ends the process.
        defer { signals.endIfCaught() }
        Trace.mark("runtime: start")
        terminal.start()
        terminal.applyTheme(themes[themeIndex])
        terminal.enableMouse(config.config.mouse)
        Trace.mark("runtime: curses started")
        defer {
            indexer.stop()
            // Read marks still queued are written before the process ends.
            readMarks.sync {}
            terminal.stop()
            do {
                try library.userData.saveSession(corpus: library.index.root, state: reader.session.encoded)
            } catch let error as UserDataWriteError where library.userData.canWrite {
                // Unexpected (a full disk): said on the restored terminal. A
                // known problem was shown when the reader started.
                printError(error.description)
            } catch {}
            for line in exitReport { printError(line) }
        }
        var (width, height) = terminal.size
        reader.start(width: width, height: height)
        if let saved = try? library.userData.session(corpus: library.index.root) {
            _ = perform(reader.restore(ReaderSession(encoded: saved)), width: &width, height: &height)
        }
        if !startupMessages.isEmpty { reader.setMessage(startupMessages.joined(separator: " · ")) }
        Trace.mark("runtime: reader started")
        indexer.takeDamageReports()
        indexer.start()
        var dirty = true
        var lastReload = Date.distantPast
        var reloadPending = false
        while true {
            if signals.received() { return }
            for event in indexer.drain() {
                switch event {
                case .progress(let done, let total):
                    reader.indexing = IndexingStatus(done: done, total: total)
                    reloadPending = true
                case .finished(let summary):
                    Trace.mark("runtime: index brought up to date (\(summary.line))")
                    reader.indexing = nil
                    // Also when another process wrote the index since the last look.
                    if summary.indexChanged {
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
                case .damaged(let line):
                    reader.setMessage(line)
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
            for unsaved in unsavedReadMarks.drain() {
                if let handle = unsaved.handle { reader.updateRow(handle, read: !unsaved.read) }
                reader.setMessage((unsaved.error as? UserDataWriteError)?.summary ?? "read mark not saved: \(unsaved.error)")
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
            guard let key = terminal.readKey(timeoutMilliseconds: 100, wake: wake.descriptor, signals: signals.descriptor) else { continue }
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

/// Read marks that failed on the background queue, handed to the loop.
final class UnsavedReadMarks: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [(handle: Int64?, read: Bool, error: any Error)] = []

    func add(handle: Int64?, read: Bool, error: any Error) {
        lock.lock()
        items.append((handle, read, error))
        lock.unlock()
    }

    func drain() -> [(handle: Int64?, read: Bool, error: any Error)] {
        lock.lock()
        defer { lock.unlock() }
        let taken = items
        items = []
        return taken
    }
}
