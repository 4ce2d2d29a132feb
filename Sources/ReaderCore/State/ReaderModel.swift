import SnapshotFormat

/// Everything the reader shows, as values: one part per concern. Only
/// `Reader.update` changes it; `Reader.render` draws it.
public struct ReaderModel: Equatable, Sendable {
    public var width = 80
    public var height = 24
    public var focus: Pane = .list
    public var keymap: Keymap
    /// From the config's `layout.list_width`.
    public var listWidthPercent: Int?
    /// The corpus's name for the top line.
    public var corpusName: String
    public var filter = ReaderFilter()
    public var list = ListState()
    public var article = ArticleState()
    public var related = RelatedState()
    public var trail = Trail()
    /// What is open over the panes, if anything.
    public var modal: Modal?
    /// One line for the status bar, until the next key.
    public var message: String?
    public var indexing: IndexingStatus?
    /// The query the runtime is searching for and has no results of yet: the
    /// search prompt then says "searching…" rather than count the old list.
    public var searchPending: String?
    /// Searches kept between runs, oldest first (the runtime loads and saves them).
    public var searchHistory: [String] = []
    /// Files that are not snapshots, as of the last reload.
    public var skipped: [SkippedFile] = []
    /// Digits typed before a motion (`5j`).
    public var countPrefix: Int?
    /// The theme chosen with `t` (kept in the session); nil while config.toml's is in force.
    public var themeName: String?
    /// The action of the last key, for the answer to its effect.
    var lastAction: Action?
    /// What the list was before the search prompt opened, for Esc.
    var savedBeforeSearch: SavedList?
    /// A session being restored: applied once its list and article are in.
    var pendingRestore: ReaderSession?

    /// A model for a corpus, before anything is loaded.
    public init(corpusName: String, keymap: Keymap = .defaults, width: Int = 80, height: Int = 24) {
        self.corpusName = corpusName
        self.keymap = keymap
        self.width = max(1, width)
        self.height = max(1, height)
    }

    /// Where the panes go at this size.
    public var layout: PaneLayout {
        PaneLayout.compute(width: width, height: height, focus: focus, listPercent: listWidthPercent)
    }

    /// The keymap context of the focused pane.
    public var context: KeyContext {
        switch focus {
        case .list: return .list
        case .article: return .article
        case .related: return .related
        }
    }

    /// The open prompt, if the modal is one.
    public var prompt: Prompt? {
        if case .prompt(let prompt)? = modal { return prompt }
        return nil
    }

    /// The open diff view, if the modal is one.
    public var diffView: DiffState? {
        if case .diff(let diff)? = modal { return diff }
        return nil
    }

    /// The open picker, if the modal is one.
    public var picker: Picker? {
        if case .picker(let picker)? = modal { return picker }
        return nil
    }

    /// The list row of the selected article, when it is loaded.
    public var selectedRow: ArticleSummary? {
        guard list.order.indices.contains(list.selected) else { return nil }
        return list.row(list.order[list.selected])
    }

    /// The search terms to highlight: the prompt's while typing, else the kept search's.
    public var highlightTerms: [String] {
        let query = prompt?.kind == .search ? prompt?.text : filter.searchQuery
        return (query ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// The filter as the status line names it, a search being typed included.
    var activeFilterSummary: String {
        var shown = filter
        if let prompt, prompt.kind == .search { shown.searchQuery = prompt.text.isEmpty ? nil : prompt.text }
        return shown.summary
    }
}

/// Indexing progress shown on the top line while the background index runs.
public struct IndexingStatus: Equatable, Sendable {
    public var done: Int
    public var total: Int

    /// Done of total files.
    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}

/// The article list: the order of every listed article (handles only, 4
/// bytes each), the selection and scroll, and the rows loaded so far (a
/// screenful at a time).
public struct ListState: Equatable, Sendable {
    public var order = ListOrder()
    public var selected = 0
    public var top = 0
    /// Rows loaded through `.loadRows`, by handle (a cache, emptied when large).
    public var rows: [Int64: ArticleSummary] = [:]
    /// Asked for and not answered yet, or answered without a row: not asked again.
    var requested: Set<Int64> = []
    /// Whether an order has arrived since start (the empty list says "Indexing…" or "No articles").
    public var loaded = false
    /// The filter the order is of (a search being typed included), to tell a new filter from a reload.
    var shownFilter: ReaderFilter?

    /// A row with the marks written since it was loaded.
    public func row(_ handle: Int64) -> ArticleSummary? { rows[handle] }

    /// The selected handle, if any.
    public var selectedHandle: Int64? { order.indices.contains(selected) ? order[selected] : nil }
}

/// The open article: the document, laid out for its pane, and its scroll.
public struct ArticleState: Equatable, Sendable {
    public var document: ArticleDocument?
    /// The handle asked for through `.loadDocument` and not answered yet.
    public var wanted: Int64?
    public var scroll = 0
    /// The line of the search hit `n`/`N` went to last (they go on from it
    /// while it is in view: a short article cannot scroll to say which).
    var hitLine: Int?
    /// A scroll to apply when the wanted document arrives (going back along the trail).
    var pendingScroll: Int?
    /// Opened (not only previewed) before it arrived: mark it read then.
    var markReadOnArrival = false
    /// Whether the shown article was reached (opened, followed, gone back
    /// to) rather than previewed, and the same for the wanted one.
    var reached = false
    var wantedReached = false
    /// The document laid out for `linesWidth` with `linesTerms` highlighted.
    public var lines: [StyledLine] = []
    var linesWidth = -1
    var linesTerms: [String] = []
    var linesHandle: Int64?
    var linesScript: ScriptConverter.Script?
    var linesCopies: CopiesBlock?
    /// The line the copies block starts on (below the title and meta lines), when there is one.
    var copiesLine: Int?
    /// The scroll the article arrived with (the trail's, a session's): put
    /// back when its copies block arrives, which moves the lines below it.
    var arrivalScroll: Int?
    /// The script it is shown in (`z`), and the converted text.
    public var script = ShownScript()

    /// The document as shown: converted into the chosen script once that arrived.
    public var shownDocument: ArticleDocument? {
        guard var document, let converted = script.converted, script.script != nil else { return document }
        document.article = converted
        return document
    }
}

/// The related items and backlinks of the open article.
public struct RelatedState: Equatable, Sendable {
    public var handle: Int64?
    public var items: [ResolvedRelatedItem] = []
    public var backlinks: [ArticleSummary] = []
    /// The other snapshots of the open story (answer to `.loadCopies`), listed first.
    public var copies: [CopySummary] = []
    /// Whether `copies` is an answer (a later one replaces it under a kept selection).
    var copiesLoaded = false
    public var loading = false
    public var selected = 0
    public var top = 0
    /// A selection to apply when the items arrive (going back along the trail).
    var pendingSelection: Int?

    var entryCount: Int { copies.count + items.count + backlinks.count }

    /// Lines above the related items: a section line and the copies, when there are any.
    var copiesLines: Int { copies.isEmpty ? 0 : copies.count + 1 }

    /// Whether an entry is one of the related items (not a copy or a backlink).
    func isItem(_ entry: Int) -> Bool { entry >= copies.count && entry < copies.count + items.count }

    /// Whether an entry is another snapshot of the story.
    func isCopy(_ entry: Int) -> Bool { copies.indices.contains(entry) }

    /// The article an entry points at: a copy, a resolved item or a backlink.
    func target(at index: Int) -> Int64? {
        if index < copies.count { return index >= 0 ? copies[index].docno : nil }
        let index = index - copies.count
        if index < items.count { return items[index].target?.docno }
        let backlink = index - items.count
        return backlinks.indices.contains(backlink) ? backlinks[backlink].docno : nil
    }

    /// Copies and backlinks sit below section lines, so entries and lines differ there.
    func lineIndex(of entry: Int) -> Int {
        if entry < copies.count { return entry + 1 }
        let entry = entry - copies.count
        return copiesLines + (entry < items.count ? entry : entry + 1 + (items.isEmpty ? 1 : 0))
    }

    /// The entry drawn on a line of the pane, if any.
    func entry(atLine line: Int) -> Int? {
        if line < copiesLines { return line == 0 ? nil : line - 1 }
        let line = line - copiesLines
        if line < items.count { return copies.count + line }
        let sectionLine = max(items.count, 1)
        let backlink = line - sectionLine - 1
        return backlinks.indices.contains(backlink) ? copies.count + items.count + backlink : nil
    }
}

/// A place in the reading trail: what was open and how it was scrolled.
public struct Location: Equatable, Sendable {
    var handle: Int64
    var listSelected: Int
    var listTop: Int
    var articleScroll: Int
    var relatedSelected: Int
    var focus: Pane
}

/// The back and forward stacks of followed links, as in a browser.
public struct Trail: Equatable, Sendable {
    public var back: [Location] = []
    public var forward: [Location] = []
    /// The story being read when a preview replaced it (browsing the list):
    /// back returns to it first, forward and following keep it on the trail.
    var reading: Location?
}

/// What is open over the panes: one at a time.
public enum Modal: Equatable, Sendable {
    case help(scroll: Int)
    case skipped(scroll: Int)
    case picker(Picker)
    case prompt(Prompt)
    case confirm(Confirm)
    /// The list's articles per period (`Update+Timeline.swift`).
    case timeline(TimelineState)
    /// The stories linked to the open article (`Update+Thread.swift`).
    case thread(ThreadState)
    /// What changed between the open snapshot and another of its story.
    case diff(DiffState)
    /// What was wrong at start, one problem at a time (`Update+Problems.swift`).
    case problems(ProblemList)
}

/// The prompt at the bottom line: search as you type, a date range, a shell
/// command to pipe the article to, or a path to save it at.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case search, dates, pipe, save }
    public var kind: Kind
    /// The line being typed, edited with readline's keys.
    public var line: LineEditor
    var historyIndex: Int?
    /// What was wrong with the text Enter was pressed on (a date that is not
    /// one): the prompt stays open with the text, and says so above itself.
    public var problem: String?

    /// A prompt of a kind with its starting text, the cursor at its end.
    public init(kind: Kind, text: String) {
        self.kind = kind
        line = LineEditor(text)
    }

    /// What is typed.
    public var text: String { line.text }
}

/// A question answered with y or n before something that cannot be undone in one key.
public struct Confirm: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case markAllRead
        /// `S` at a path that is taken: replace the file with this text.
        case overwrite(path: String, text: String)
    }
    public var action: Action
    public var question: String
}

/// A list to choose a category or a source from, narrowed by typing.
public struct Picker: Equatable, Sendable {
    public var kind: FacetKind
    /// Nil until the counts arrive (`.facetsLoaded`).
    public var items: [CategoryCount]?
    /// The text typed to narrow the names, edited with readline's keys as a prompt's is.
    public var line = LineEditor()
    public var selected = 0
    /// The value of the filter when the picker opened (marked ✓).
    public var current: String?

    /// What is typed to narrow the names.
    public var query: String { line.text }

    /// The items matching the typed text; the first entry clears the filter.
    public var visible: [(name: String?, count: Int)] {
        let items = self.items ?? []
        let total = items.reduce(0) { $0 + $1.count }
        let matching = items.filter { query.isEmpty || $0.name.lowercased().contains(query.lowercased()) }
        return (query.isEmpty ? [(nil, total)] : []) + matching.map { (Optional($0.name), $0.count) }
    }
}

/// The list as it was before a search prompt opened, for Esc.
struct SavedList: Equatable, Sendable {
    var order: ListOrder
    var selected: Int
    var top: Int
    var filter: ReaderFilter
    /// The article open then, how far it was scrolled, and the related
    /// pane's selection: what Esc gives back with the list.
    var article: Int64? = nil
    var articleScroll = 0
    var relatedSelected = 0
    var relatedTop = 0
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
    min(max(value, low), max(low, high))
}
