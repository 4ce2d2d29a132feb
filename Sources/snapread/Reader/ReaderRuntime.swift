import CursesTerminal
import Foundation
import ReaderCore
import SnapshotStore

/// Runs the reader in the terminal: every input becomes a message for
/// `Reader.update`, every effect it returns is performed here (quick reads on
/// this loop, related items and searches on their workers, read marks on a
/// queue), and each answer goes back as a message. The terminal is restored
/// on every way out.
final class ReaderRuntime {
    let library: CorpusLibrary
    let readerLibrary: StoreReaderLibrary
    private(set) var model: ReaderModel
    let indexer: BackgroundIndexer
    /// Searches, so typing is never blocked.
    let searcher: LibraryWorker<Message>
    /// An article's related items and backlinks, so following links never waits on the index.
    let relatedWorker: LibraryWorker<Message>
    /// The thread view's walks (`.loadThread`): the first after the corpus changed brings the link table up to date.
    let threadWorker: LibraryWorker<Message>
    /// Picker counts under a kept search (a search and its rows: 0.7–1 s on 100,000, too slow for the loop).
    let facetWorker: LibraryWorker<Message>
    let scriptWorker: ScriptWorker
    let terminal = CursesTerminal()
    /// Written to by the background workers when they have a result.
    let wake = WakeSignal()
    private let readMarks = DispatchQueue(label: "snapread.read-marks")
    /// INT, TERM, HUP and QUIT, read by the loop: they leave the way `q` does.
    private let signals = SignalPipe()
    /// The answers of read marks written on `readMarks`.
    private let written: Inbox<Message>
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
    /// no-color.org's rule: NO_COLOR set and not empty (an empty one is as if unset).
    private let colorsOff = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    /// Set from outside the keys (a signal handled on the loop): quit the way `q` does.
    private var quitRequested = false

    init(library: CorpusLibrary, databasePath: String?, config: ConfigLoader.Loaded = ConfigLoader.load()) {
        self.library = library
        self.config = config
        readerLibrary = StoreReaderLibrary(library: library)
        model = ReaderModel(corpusName: readerLibrary.corpusName, keymap: config.config.keymap)
        model.listWidthPercent = config.config.listWidthPercent
        let found = ConfigLoader.readThemes()
        self.themes = found.themes
        startupMessages = config.problems + found.problems
        exitReport = config.details + found.details
        if let index = themes.firstIndex(where: { $0.name == config.config.theme }) {
            themeIndex = index
        } else {
            let missing = "no theme named “\(config.config.theme)”; using dark"
            startupMessages.append(missing)
            exitReport.append(missing)
        }
        written = Inbox(wake: wake)
        indexer = BackgroundIndexer(corpus: library.index.root, databasePath: databasePath, wake: wake)
        let (root, wake) = (library.index.root, wake)
        let worker = { (label: String) in
            LibraryWorker<Message>(label: "snapread." + label, corpus: root, databasePath: databasePath, wake: wake)
        }
        searcher = worker("search")
        relatedWorker = worker("related")
        threadWorker = worker("thread")
        facetWorker = worker("facets")
        scriptWorker = ScriptWorker(wake: wake)
        model.searchHistory = (try? library.userData.searchHistory()) ?? []
        if let problem = library.userData.problem { startupMessages.append(problem.description) }
    }

    /// Asks the loop to end as `q` does (the session saved, the terminal restored).
    func requestQuit() {
        quitRequested = true
    }

    /// Applies a message and performs what it asks for; true when the reader asked to quit.
    private func dispatch(_ message: Message) -> Bool {
        perform(Reader.update(&model, message))
    }

    private func perform(_ effects: [Effect]) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .suspend:
                saveSession()
                terminal.suspend()
                let (width, height) = terminal.size
                if dispatch(.resize(width: width, height: height)) { return true }
            case .redraw:
                terminal.invalidate()
            case .loadRelated(let handle):
                relatedWorker.answer(effect) { _ in .relatedLoaded(handle: handle, related: [], backlinks: []) }
            case .loadThread(let handle, let depth):
                threadWorker.answer(effect) { .threadLoaded(handle: handle, depth: depth, stories: [], error: "\($0)") }
            case .loadFacets(let kind, let filter) where filter.searchQuery != nil:
                facetWorker.answer(effect) { _ in .facetsLoaded(kind, []) }
            case .convertScript(let handle, let script, let article):
                scriptWorker.convert(article, handle: handle, to: script)
            case .search(let query, let filter):
                searcher.search(query, filter: filter)
            case .rememberSearch(let query):
                do {
                    try library.userData.rememberSearch(query)
                } catch let error as UserDataWriteError where library.userData.canWrite {
                    if dispatch(.notice(error.summary)) { return true }
                } catch {}
            case .write(let write):
                if let answer = perform(write), dispatch(answer) { return true }
            case .openURL(let url):
                if dispatch(.notice(openURL(url))) { return true }
                let (width, height) = terminal.size
                if dispatch(.resize(width: width, height: height)) { return true }
            case .copy(let text):
                terminal.writeRaw(ExternalActions.osc52(text, insideTmux: ProcessInfo.processInfo.environment["TMUX"] != nil))
            case .cycleTheme:
                if dispatch(cycleTheme()) { return true }
            case .pipe(let command, let text):
                let notice = pipe(text, to: command)
                let (width, height) = terminal.size
                if dispatch(.resize(width: width, height: height)) || dispatch(.notice(notice)) { return true }
            case .save(let path, let text):
                // A taken name is asked about first (the model's y/n), as `A` asks.
                let answer: Message = UserFileWrite.isRegularFile((path as NSString).expandingTildeInPath)
                    ? .saveExists(path: path, text: text) : .notice(save(text, at: path))
                if dispatch(answer) { return true }
            case .overwrite(let path, let text):
                if dispatch(.notice(save(text, at: path))) { return true }
            default:
                // A quick read of the index or a file, answered on the spot.
                if let answer = readerLibrary.answer(effect), dispatch(answer) { return true }
            }
        }
        return false
    }

    /// Writes a mark. A bookmark is written before the next key (a SIGKILL
    /// right after `b` loses nothing) and answered at once; read marks are
    /// written on a queue and answered through the inbox.
    private func perform(_ write: Write) -> Message? {
        let userData = library.userData
        if !userData.canWrite, let problem = userData.problem {
            return .written(write, error: ReaderRuntime.words(UserDataWriteError(change: "", path: problem.path, reason: problem.reason, remedy: problem.remedy)))
        }
        switch write {
        case .bookmark(let row, let on):
            do {
                if on {
                    try userData.addBookmark(Bookmark(
                        articleID: row.id, title: row.title, corpus: library.index.root, path: row.path,
                        category: row.category, published: row.publishedAt?.epochSeconds))
                } else {
                    try userData.removeBookmark(articleID: row.id)
                }
                return .written(write, error: nil)
            } catch {
                return .written(write, error: ReaderRuntime.words(error))
            }
        case .read(_, let id, let read):
            let inbox = written
            readMarks.async {
                do {
                    try userData.setRead(id, read)
                    inbox.post(.written(write, error: nil))
                } catch {
                    inbox.post(.written(write, error: ReaderRuntime.words(error)))
                }
            }
            return nil
        case .readAll(let handles):
            let inbox = written
            let library = library
            readMarks.async {
                do {
                    // The ids are looked up here, off the loop (3,000 rows took
                    // 70 ms, a whole corpus far more), and a failed lookup is a
                    // failed mark, not "Marked 0 read". One transaction for the
                    // lot: quitting waits for this queue.
                    let ids = try library.articles(docnos: Array(handles)).values.map(\.id)
                    try userData.setRead(ids)
                    inbox.post(.written(write, error: nil))
                } catch {
                    inbox.post(.written(write, error: ReaderRuntime.words(error)))
                }
            }
            return nil
        }
    }

    /// `o`: only http and https addresses; each browser of `$BROWSER` in
    /// turn, its exit status read; the outcome in words on the status line.
    private func openURL(_ url: String) -> String {
        ExternalActions.open(url) { runBrowser in
            terminal.stop()
            defer { terminal.resume() }
            return runBrowser()
        }
    }

    /// Hands the terminal to `sh -c command` with the text on its input, as
    /// newsboat's pipe-to does, and waits for Enter before taking it back.
    private func pipe(_ text: String, to command: String) -> String {
        terminal.stop()
        defer { terminal.resume() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            return "Could not run sh: \(error.localizedDescription)"
        }
        // A command that does not read its input must not stop us: a closed pipe is fine.
        input.fileHandleForWriting.writeabilityHandler = nil
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let status = process.terminationStatus
        FileHandle.standardOutput.write(Data("\n[\(command): exit \(status)] Press Enter to go back to snapread.".utf8))
        _ = readLine()
        return status == 0 ? "Piped to \(command)." : "\(command) exited with status \(status)."
    }

    /// Writes the article to a file; a line saying how it went. `~` is
    /// `$HOME` as a shell expands it (the password entry's home only when
    /// HOME is unset), as config.toml's `corpus` is.
    private func save(_ text: String, at path: String) -> String {
        let expanded = ReaderConfig.expandingTilde(in: path, home: ProcessInfo.processInfo.environment["HOME"])
        do {
            try UserFileWrite.write(Array(text.utf8), to: expanded)
            // Where it went: a bare name is saved in the folder the reader was started in.
            let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
            return "Saved \(full)."
        } catch {
            return "Could not save \(path): \(error.description)"
        }
    }

    /// Why a write failed, in a few words ("user.sqlite is read-only"); the model says what was not saved.
    static func words(_ error: any Error) -> String {
        guard let error = error as? UserDataWriteError else { return "\(error)" }
        return "\((error.path as NSString).lastPathComponent) is \(error.reason)"
    }

    private func cycleTheme() -> Message {
        guard !colorsOff else { return .themeChanged(name: nil, position: 0, count: themes.count) }
        themeIndex = (themeIndex + 1) % themes.count
        terminal.applyTheme(themes[themeIndex])
        terminal.invalidate()
        return .themeChanged(name: themes[themeIndex].name, position: themeIndex + 1, count: themes.count)
    }

    private func saveSession() {
        try? library.userData.saveSession(corpus: library.index.root, state: model.session.encoded)
    }

    func run() {
        // Last, after the way out below: a signal that ended the loop ends the process.
        defer { signals.endIfCaught() }
        Trace.mark("runtime: start")
        var saved = (try? library.userData.session(corpus: library.index.root)).flatMap { $0 }.map(ReaderSession.init(encoded:))
        // The theme chosen with `t` last time, when it still exists (the
        // model takes it with `.restore`). Kept only as a choice made with
        // `t`: a theme that came from config.toml is not saved, so a later
        // edit of the file applies.
        if let name = saved?.theme, let index = themes.firstIndex(where: { $0.name == name }) {
            themeIndex = index
        } else {
            saved?.theme = nil
        }
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
                try library.userData.saveSession(corpus: library.index.root, state: model.session.encoded)
            } catch let error as UserDataWriteError where library.userData.canWrite {
                // Unexpected (a full disk): said on the restored terminal. A
                // known problem was shown when the reader started.
                printError(error.description)
            } catch {}
            for line in exitReport { printError(line) }
        }
        let (width, height) = terminal.size
        if dispatch(.resize(width: width, height: height)) { return }
        if perform(Reader.start(&model)) { return }
        if let saved, dispatch(.restore(saved)) { return }
        if !startupMessages.isEmpty, dispatch(.problems(startupMessages)) { return }
        Trace.mark("runtime: reader started")
        indexer.takeDamageReports()
        indexer.start()
        var dirty = true
        var lastReload = Date.distantPast
        var reloadPending = false
        // When the last resize was seen. tmux can still be applying a quick
        // run of resizes when the first frame at the new size reaches it, and
        // a row of that frame is then lost; so the screen is repainted whole
        // once the size has held for a moment, or at the first key, whichever
        // comes first (DECISIONS, "A second repaint after a resize").
        var resizedAt: Date? = nil
        while !quitRequested {
            if signals.received() { return }
            for event in indexer.drain() {
                switch event {
                case .progress(let done, let total):
                    if dispatch(.indexing(IndexingStatus(done: done, total: total))) { return }
                    reloadPending = true
                case .finished(let summary):
                    Trace.mark("runtime: index brought up to date (\(summary.line))")
                    if dispatch(.indexing(nil)) { return }
                    // Also when another process wrote the index since the last look: the list,
                    // and the search being typed or kept, are read again from the new index.
                    if summary.indexChanged {
                        reloadPending = false
                        if dispatch(.indexChanged) { return }
                    }
                case .failed(let why):
                    if dispatch(.indexing(nil)) || dispatch(.notice("indexing failed: \(why)")) { return }
                case .damaged(let line):
                    if dispatch(.notice(line)) { return }
                }
                dirty = true
            }
            // The background workers' answers, each a message for `update`.
            for answer in searcher.drain() + facetWorker.drain() + relatedWorker.drain() + scriptWorker.drain()
                + written.drain() + threadWorker.drain() {
                if dispatch(answer) { return }
                dirty = true
            }
            // New rows appear while indexing, at most twice a second (not under a search or a prompt).
            if reloadPending, model.filter.searchQuery == nil, model.prompt == nil, Date().timeIntervalSince(lastReload) > 0.5 {
                if dispatch(.indexChanged) { return }
                Trace.mark("runtime: list reloaded")
                lastReload = Date()
                reloadPending = false
                dirty = true
            }
            // A resize curses missed (its signal taken by another thread) is seen here.
            if terminal.adoptKernelSize() {
                let (width, height) = terminal.size
                Trace.mark("runtime: resize to \(width)x\(height) seen by the size check")
                if dispatch(.resize(width: width, height: height)) { return }
                resizedAt = Date()
                dirty = true
            }
            if let since = resizedAt, Date().timeIntervalSince(since) > 0.2 {
                terminal.invalidate()
                resizedAt = nil
                dirty = true
            }
            if dirty {
                var screen = ScreenBuffer(width: model.width, height: model.height)
                Reader.render(model, into: &screen)
                terminal.draw(screen)
                dirty = false
                frameLog.frameDrawn()
            }
            // A worker's result wakes the wait, so it is on screen at once.
            guard let key = terminal.readKey(timeoutMilliseconds: 100, wake: wake.descriptor, signals: signals.descriptor) else { continue }
            frameLog.keyRead(key)
            if key == .resize {
                let (width, height) = terminal.size
                if dispatch(.resize(width: width, height: height)) { return }
                resizedAt = Date()
            } else {
                if resizedAt != nil {
                    terminal.invalidate()
                    resizedAt = nil
                }
                if dispatch(.key(key)) { return }
            }
            dirty = true
        }
    }
}
