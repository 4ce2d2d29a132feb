/// Where the reader was, kept between runs: the article, the filter (a search
/// included), the article's scroll and the focused pane.
public struct ReaderSession: Equatable, Sendable {
    public var articleID: String?
    public var filter: ReaderFilter
    public var articleScroll: Int
    public var focus: Pane

    public init(articleID: String?, filter: ReaderFilter, articleScroll: Int, focus: Pane) {
        self.articleID = articleID
        self.filter = filter
        self.articleScroll = articleScroll
        self.focus = focus
    }

    public var encoded: String {
        "article=\(articleID ?? "")\nscroll=\(articleScroll)\nfocus=\(focus.rawValue)\n" + filter.encoded
    }

    public init(encoded: String) {
        var articleID: String?
        var scroll = 0
        var focus = Pane.list
        var filterLines: [Substring] = []
        for line in encoded.split(separator: "\n") {
            if line.hasPrefix("article=") {
                let id = String(line.dropFirst(8))
                articleID = id.isEmpty ? nil : id
            } else if line.hasPrefix("scroll=") {
                scroll = Int(line.dropFirst(7)) ?? 0
            } else if line.hasPrefix("focus=") {
                focus = Int(line.dropFirst(6)).flatMap(Pane.init(rawValue:)) ?? .list
            } else {
                filterLines.append(line)
            }
        }
        self.init(articleID: articleID, filter: ReaderFilter(encoded: filterLines.joined(separator: "\n")), articleScroll: scroll, focus: focus)
    }
}

extension Reader {
    public var session: ReaderSession {
        ReaderSession(articleID: document?.article.id, filter: filter, articleScroll: articleScroll, focus: focus)
    }

    /// Puts the reader back where a session left it; returns the search to run
    /// when the session had one (its results then select the article).
    public func restore(_ session: ReaderSession) -> [Effect] {
        filter = session.filter
        focus = session.focus
        pendingRestore = session
        if let query = filter.searchQuery { return [.search(query: query, filter: filter)] }
        reloadOrder()
        finishRestore()
        return []
    }

    /// Selects and scrolls to the saved article once the list it is in is loaded.
    func finishRestore() {
        guard let session = pendingRestore else { return }
        pendingRestore = nil
        guard let id = session.articleID, let handle = try? library.handle(forArticleID: id) else { return }
        if let index = order.firstIndex(of: handle) {
            selected = index
            clampList()
        }
        if document?.handle != handle { show(handle) }
        articleScroll = session.articleScroll
        clampArticleScroll()
    }
}
