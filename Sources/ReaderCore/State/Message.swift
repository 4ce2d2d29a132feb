import SnapshotFormat

/// Everything that can change the reader: a key, a resize, or the answer to
/// an effect. `Reader.update` is the only place that applies one.
public enum Message: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The list order for a filter (answer to `.loadOrder`).
    case orderLoaded(filter: ReaderFilter, handles: ListOrder)
    /// Rows of some handles (answer to `.loadRows`); handles without a row are left out.
    case rowsLoaded([Int64: ArticleSummary], asked: [Int64])
    /// The parsed article (answer to `.loadDocument`), or why it cannot be read.
    case documentLoaded(handle: Int64, ArticleDocument?, error: String?)
    /// The related items and backlinks of an article (answer to `.loadRelated`).
    case relatedLoaded(handle: Int64, related: [ResolvedRelatedItem], backlinks: [ArticleSummary])
    /// A picker's counts (answer to `.loadFacets`).
    case facetsLoaded(FacetKind, [CategoryCount])
    case skippedLoaded([SkippedFile])
    /// The handle of an article id (answer to `.findArticle`), for a restored session.
    case articleFound(id: String, handle: Int64?)
    /// The results of a search the runtime ran.
    case searchResults(query: String, handles: ListOrder)
    /// A search could not run; `waitsForIndex` when it runs again once the index is built.
    case searchFailed(query: String, error: String, waitsForIndex: Bool)
    /// Background indexing progress; nil when it is over.
    case indexing(IndexingStatus?)
    /// The index changed under the list: load it again (a search runs again).
    case indexChanged
    /// A bookmark or read mark was written (or not): only then does the row show it.
    case written(Write, error: String?)
    /// The theme the runtime switched to, or nil when colors are off (`NO_COLOR`).
    case themeChanged(name: String?, position: Int, count: Int)
    /// One line from the runtime for the status bar (a browser that did not start, a saved file).
    case notice(String)
    /// What was wrong at start (config.toml, a theme, the user's data): shown
    /// over the panes one at a time, each until a key moves on.
    case problems([String])
    /// `.save` found a file at the path and wrote nothing: the reader asks before `.overwrite`.
    case saveExists(path: String, text: String)
    /// Puts the reader back where a session left it.
    case restore(ReaderSession)
    /// The list's articles per period (answer to `.loadTimeline`), or why they could not be counted.
    case timelineLoaded(Timeline, error: String?)
    /// The stories linked to an article (answer to `.loadThread`), or why they could not be had.
    case threadLoaded(handle: Int64, depth: Int, stories: [ThreadStory], error: String?)
    /// The other snapshots of an article's story (answer to `.loadCopies`).
    case copiesLoaded(handle: Int64, [CopySummary])
    /// What changed from one snapshot to another (answer to `.loadDiff`), or why it cannot be told.
    case diffLoaded(from: Int64, to: Int64, ArticleDiff?, error: String?)
    /// An article converted into a script (answer to `.convertScript`), or why it could not be.
    case scriptConverted(handle: Int64, ScriptConverter.Script, Article?, error: String?)
}

/// A write of the user's data that the runtime performs and answers with `.written`.
public enum Write: Equatable, Sendable {
    case bookmark(ArticleSummary, on: Bool)
    case read(handle: Int64, id: String, read: Bool)
    /// Many read marks at once (mark all shown as read): the runtime looks their ids up.
    case readAll(handles: ListOrder)
}

/// What the runtime must do: the reader itself never touches the terminal,
/// the disk or the clock. Loads are answered with a message.
public enum Effect: Equatable, Sendable {
    case quit
    case suspend
    case redraw
    /// Answer: `.orderLoaded`.
    case loadOrder(ReaderFilter)
    /// Answer: `.rowsLoaded`.
    case loadRows([Int64])
    /// Answer: `.documentLoaded`.
    case loadDocument(Int64)
    /// Answer: `.relatedLoaded` (resolved off the UI loop).
    case loadRelated(handle: Int64)
    /// Answer: `.facetsLoaded`: each name's count within `filter`.
    case loadFacets(FacetKind, filter: ReaderFilter)
    /// Answer: `.skippedLoaded`.
    case loadSkipped
    /// Answer: `.articleFound`.
    case findArticle(id: String)
    /// Run a search off the UI loop; answer: `.searchResults` or `.searchFailed`.
    case search(query: String, filter: ReaderFilter)
    case rememberSearch(String)
    /// Answer: `.written`.
    case write(Write)
    case openURL(String)
    case copy(String)
    /// Answer: `.themeChanged`.
    case cycleTheme
    /// Hand the terminal to `sh -c command` with the text on its standard input.
    case pipe(command: String, text: String)
    /// Write the text to a new file; answer: `.notice`, or `.saveExists` (nothing written) when the path is taken.
    case save(path: String, text: String)
    /// Write the text to a file, replacing what is there (asked first); answer: `.notice`.
    case overwrite(path: String, text: String)
    /// Answer: `.timelineLoaded`: these articles counted per period.
    case loadTimeline(handles: ListOrder, by: TimelineGranularity)
    /// Answer: `.threadLoaded` (walked off the UI loop: the link table may need bringing up to date).
    case loadThread(handle: Int64, depth: Int)
    /// Answer: `.copiesLoaded`.
    case loadCopies(handle: Int64)
    /// Parse both snapshots and compare them; answer: `.diffLoaded`.
    case loadDiff(from: Int64, to: Int64)
    /// Convert the article through OpenCC off the UI loop (one lock serialises OpenCC); answer: `.scriptConverted`.
    case convertScript(handle: Int64, ScriptConverter.Script, Article)
}
