/// The reader's two functions, in the shape of the Elm architecture:
/// `update` applies a message to the model and says what the runtime must do;
/// `render` draws the model. Neither touches a terminal, a file or a clock.
public enum Reader {
    /// Applies one message; returns the effects for the runtime to perform.
    public static func update(_ model: inout ReaderModel, _ message: Message) -> [Effect] {
        var effects = model.apply(message)
        effects += model.settle()
        return effects
    }

    /// The first effects: the list order and the skipped files.
    public static func start(_ model: inout ReaderModel) -> [Effect] {
        [.loadOrder(model.filter), .loadSkipped]
    }

    /// Draws the whole screen: a pure function of the model.
    public static func render(_ model: ReaderModel, into screen: inout ScreenBuffer) {
        ScreenView.draw(model, into: &screen)
    }
}

extension ReaderModel {
    mutating func apply(_ input: Message) -> [Effect] {
        switch input {
        case .key(let key):
            return handleKey(key)
        case .resize(let width, let height):
            self.width = max(1, width)
            self.height = max(1, height)
            return [.redraw]
        case .orderLoaded(let filter, let handles):
            guard filter == self.filter || filter == savedBeforeSearch?.filter else { return [] }
            let before = list.order
            let effects = showOrder(handles, keepingSelection: true, of: filter)
            return effects + (list.order != before ? timelineListChanged() : [])
        case .rowsLoaded(let rows, let asked):
            if list.rows.count > 4000 { list.rows.removeAll(keepingCapacity: true) }
            for (handle, row) in rows { list.rows[handle] = row }
            for handle in asked where rows[handle] != nil { list.requested.remove(handle) }
            return []
        case .documentLoaded(let handle, let document, let error):
            return documentArrived(handle, document, error: error)
        case .relatedLoaded(let handle, let items, let backlinks):
            guard article.document?.handle == handle else { return [] }
            related.handle = handle
            related.items = items
            related.backlinks = backlinks
            related.loading = false
            if let selection = related.pendingSelection {
                related.selected = selection
                related.pendingSelection = nil
            }
            return []
        case .facetsLoaded(let kind, let counts):
            guard var picker, picker.kind == kind else { return [] }
            picker.items = counts
            if let current = picker.current, let index = picker.visible.firstIndex(where: { $0.name == current }) { picker.selected = index }
            modal = .picker(picker)
            return []
        case .skippedLoaded(let files):
            skipped = files
            return []
        case .articleFound(let id, let handle):
            return restoreArticle(id: id, handle: handle)
        case .searchResults(let query, let handles):
            let before = list.order
            let effects = searchResultsArrived(query: query, handles: handles)
            return effects + (list.order != before ? timelineListChanged() : [])
        case .searchFailed(let query, let error, let waitsForIndex):
            if waitsForIndex { return [] }
            if searchPending == query { searchPending = nil }
            message = "search: \(error)"
            return []
        case .indexing(let status):
            indexing = status
            return []
        case .indexChanged:
            return reloadForIndex()
        case .written(let write, let error):
            return written(write, error: error)
        case .themeChanged(let name, let position, let count):
            if let name {
                themeName = name
                message = "Theme: \(name) (\(position)/\(count))"
            } else {
                message = "Colors are off (NO_COLOR is set): themes do not apply."
            }
            return []
        case .notice(let text):
            message = text
            return []
        case .problems(let lines):
            return problemsArrived(lines)
        case .saveExists(let path, let text):
            // Asked as `A` asks: the article is kept in the question, so y writes what n would have left.
            modal = .confirm(Confirm(action: .overwrite(path: path, text: text), question: "\(path) exists: replace it? (y/n)"))
            return []
        case .restore(let session):
            return restore(session)
        case .timelineLoaded(let timeline, let error):
            return timelineArrived(timeline, error: error)
        case .threadLoaded(let handle, let depth, let stories, let error):
            return threadArrived(handle: handle, depth: depth, stories: stories, error: error)
        case .copiesLoaded(let handle, let copies):
            return copiesArrived(handle, copies)
        case .diffLoaded(let from, let to, let diff, let error):
            return diffArrived(from: from, to: to, diff, error: error)
        case .scriptConverted(let handle, let script, let converted, let error):
            return scriptArrived(handle, script, converted, error: error)
        }
    }

    /// What every message ends with: scroll positions clamped, the article
    /// laid out for its pane, and the rows on screen asked for.
    mutating func settle() -> [Effect] {
        let layout = self.layout
        // List.
        let listRows = layout.body(of: .list)?.height ?? max(1, height - 3)
        list.selected = clamp(list.selected, 0, max(0, list.order.count - 1))
        if list.selected < list.top { list.top = list.selected }
        if list.selected >= list.top + listRows { list.top = list.selected - listRows + 1 }
        list.top = clamp(list.top, 0, max(0, list.order.count - listRows))
        // Article.
        if let document = article.shownDocument, let rect = layout.article {
            let width = max(1, rect.width - 2)
            let terms = highlightTerms
            let bodyHeight = max(0, rect.height - 1)
            let copies = copiesBlock(bodyHeight: bodyHeight)
            if article.linesWidth != width || article.linesTerms != terms || article.linesHandle != document.handle
                || article.linesScript != article.script.script || article.linesCopies != copies {
                article.lines = ArticleLayout.lines(for: document, width: width, copies: copies).map { ArticleLayout.highlight($0, terms: terms) }
                article.copiesLine = copies.map { _ in ArticleLayout.head(of: document.article, width: width).count }
                article.linesWidth = width
                article.linesTerms = terms
                article.linesHandle = document.handle
                article.linesScript = article.script.script
                article.linesCopies = copies
            }
            article.scroll = clamp(article.scroll, 0, max(0, article.lines.count - bodyHeight))
        } else if article.document == nil {
            article.lines = []
            article.linesHandle = nil
            article.copiesLine = nil
        }
        // Related.
        related.selected = clamp(related.selected, 0, max(0, related.entryCount - 1))
        // Scrolled only while on screen: a hidden pane (one pane at a time) has no height to keep the selection in.
        if let relatedRows = layout.body(of: .related)?.height {
            let line = related.lineIndex(of: related.selected)
            // The first copy brings its section line into view with it.
            let first = related.selected == 0 && related.isCopy(0) ? 0 : line
            if first < related.top { related.top = first }
            if line >= related.top + relatedRows { related.top = line - relatedRows + 1 }
        }
        related.top = max(0, related.top)
        // Modal scrolls are clamped where they are drawn from: the help's lines.
        if case .help(let scroll)? = modal { modal = .help(scroll: clamp(scroll, 0, HelpView.maxScroll(self))) }
        if case .skipped(let scroll)? = modal { modal = .skipped(scroll: clamp(scroll, 0, SkippedView.maxScroll(self))) }
        settleTimelineAndThread()
        if var diff = diffView {
            diff.scroll = clamp(diff.scroll, 0, DiffView.maxScroll(diff, width: width, height: height))
            modal = .diff(diff)
        }
        // Rows on screen (and the open article's, for the marks keys) not loaded yet.
        var wanted: [Int64] = []
        if !list.order.isEmpty {
            let end = min(list.order.count, list.top + listRows)
            if list.top < end { wanted += list.order[list.top..<end] }
        }
        if let handle = article.document?.handle { wanted.append(handle) }
        let missing = wanted.filter { list.rows[$0] == nil && !list.requested.contains($0) }
        guard !missing.isEmpty else { return [] }
        list.requested.formUnion(missing)
        return [.loadRows(missing)]
    }
}
