/// Where the reader was, kept between runs: the article, the filter (a search
/// included), the article's scroll, the focused pane and the theme.
public struct ReaderSession: Equatable, Sendable {
    public var articleID: String?
    public var filter: ReaderFilter
    public var articleScroll: Int
    public var focus: Pane
    /// The theme chosen with `t`, by name.
    public var theme: String?

    /// A session with every part given.
    public init(articleID: String?, filter: ReaderFilter, articleScroll: Int, focus: Pane, theme: String? = nil) {
        self.articleID = articleID
        self.filter = filter
        self.articleScroll = articleScroll
        self.focus = focus
        self.theme = theme
    }

    /// One `key=value` a line, as the user data keeps it.
    public var encoded: String {
        var text = "article=\(articleID ?? "")\nscroll=\(articleScroll)\nfocus=\(focus.rawValue)\n"
        if let theme { text += "theme=\(theme)\n" }
        return text + filter.encoded
    }

    /// Reads what `encoded` wrote; unknown lines are ignored.
    public init(encoded: String) {
        var articleID: String?
        var scroll = 0
        var focus = Pane.list
        var theme: String?
        var filterLines: [Substring] = []
        for line in encoded.split(separator: "\n") {
            if line.hasPrefix("article=") {
                let id = String(line.dropFirst(8))
                articleID = id.isEmpty ? nil : id
            } else if line.hasPrefix("scroll=") {
                scroll = Int(line.dropFirst(7)) ?? 0
            } else if line.hasPrefix("focus=") {
                focus = Int(line.dropFirst(6)).flatMap(Pane.init(rawValue:)) ?? .list
            } else if line.hasPrefix("theme=") {
                theme = String(line.dropFirst(6))
            } else {
                filterLines.append(line)
            }
        }
        self.init(articleID: articleID, filter: ReaderFilter(encoded: filterLines.joined(separator: "\n")), articleScroll: scroll,
                  focus: focus, theme: theme)
    }
}

extension ReaderModel {
    /// Where the reader is now, to keep.
    public var session: ReaderSession {
        ReaderSession(articleID: article.document?.article.id, filter: filter, articleScroll: article.scroll, focus: focus, theme: themeName)
    }

    /// Puts the reader back where a session left it: the list for its filter
    /// (or its search) is asked for, then its article.
    mutating func restore(_ session: ReaderSession) -> [Effect] {
        filter = session.filter
        focus = session.focus
        themeName = session.theme
        pendingRestore = session
        if let query = filter.searchQuery {
            searchPending = query
            return [.search(query: query, filter: filter)]
        }
        return [.loadOrder(filter)]
    }

    mutating func restoreArticle(id: String, handle: Int64?) -> [Effect] {
        guard let session = pendingRestore, session.articleID == id else { return [] }
        guard let handle else {
            pendingRestore = nil
            return []
        }
        if let index = list.order.firstIndex(of: handle) { list.selected = index }
        if article.document?.handle == handle {
            pendingRestore = nil
            article.scroll = session.articleScroll
            return []
        }
        // The scroll is applied when the document arrives; an article that had focus was being read.
        return show(handle, reached: session.focus != .list)
    }
}
