import SnapshotFormat

/// What the runtime must do after a key: the reader itself never touches the
/// terminal, the disk or the clock.
public enum Effect: Equatable, Sendable {
    case quit
    case suspend
    case redraw
    case markRead(id: String)
    case setRead(id: String, read: Bool)
    case setBookmark(ListRow, on: Bool)
    /// Run a search off the UI loop and hand the result to `applySearchResults`.
    case search(query: String, filter: ReaderFilter)
    case rememberSearch(String)
    case openURL(String)
    case copy(String)
    case cycleTheme
    /// Resolve the related items and backlinks of an article off the UI loop
    /// and hand them to `applyRelated`.
    case loadRelated(handle: Int64)
}

/// Indexing progress shown on the top line while the background index runs.
public struct IndexingStatus: Equatable, Sendable {
    public var done: Int
    public var total: Int

    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}

/// A place in the reading trail: what was open and how it was scrolled.
struct Location: Equatable {
    var handle: Int64
    var listSelected: Int
    var listTop: Int
    var articleScroll: Int
    var relatedSelected: Int
    var focus: Pane
}

/// The reader without a terminal: keys in, a screen out.
///
/// It keeps the list order (handles only), the rows on screen, the open
/// article laid out for its pane, the related items and backlinks, and the
/// back/forward trail. Data comes from a `ReaderLibrary` on demand, so a
/// hundred thousand articles cost what a screenful does.
public final class Reader {
    public let library: ReaderLibrary
    public var keymap: Keymap
    public internal(set) var width = 80
    public internal(set) var height = 24
    public internal(set) var focus: Pane = .list
    public var filter = ReaderFilter()
    public var indexing: IndexingStatus?
    /// The query the runtime is searching for and has no results of yet: the
    /// search prompt then says "searching…" rather than count the old list.
    public var searchPending: String?
    public internal(set) var message: String?
    public internal(set) var showingHelp = false
    /// The overlay shown instead of the panes, if any.
    var overlay: Overlay = .none
    /// Files that are not snapshots, as of the last reload.
    public internal(set) var skipped: [SkippedFile] = []

    enum Overlay { case none, help, skipped }
    var prompt: Prompt?
    var picker: Picker?
    var savedBeforeSearch: SavedList?
    var pendingRestore: ReaderSession?
    /// When set (the runtime does), related items are resolved through a
    /// `.loadRelated` effect instead of on the spot.
    public var loadsRelatedAsynchronously = false
    /// Effects that arise outside `handle` (an article shown after a search).
    var pendingEffects: [Effect] = []
    var relatedLoading = false
    var pendingRelatedSelection: Int?
    /// Searches kept between runs, oldest first (the runtime loads and saves them).
    public var searchHistory: [String] = []

    // List.
    public internal(set) var order: [Int64] = []
    public internal(set) var selected = 0
    var listTop = 0
    var rowCache: [Int64: ListRow] = [:]
    /// Marks changed here that the library may not have stored yet.
    var rowOverrides: [Int64: (read: Bool?, bookmarked: Bool?)] = [:]

    // Article.
    public internal(set) var document: ArticleDocument?
    var articleLines: [StyledLine] = []
    var articleLinesWidth = -1
    var articleLinesTerms: [String] = []
    var articleScroll = 0

    // Related items and backlinks.
    public internal(set) var relatedRows: [RelatedRow] = []
    public internal(set) var backlinkRows: [ListRow] = []
    var relatedSelected = 0
    var relatedTop = 0

    // Trail.
    var backStack: [Location] = []
    var forwardStack: [Location] = []
    var helpScroll = 0

    public init(library: ReaderLibrary, keymap: Keymap = .defaults) {
        self.library = library
        self.keymap = keymap
    }

    // MARK: - Life cycle

    /// Loads the list and shows the first article.
    public func start(width: Int, height: Int) {
        resize(width: width, height: height)
        reloadOrder()
    }

    public func resize(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        clampList()
        clampArticleScroll()
    }

    /// Reloads the list order (after the index changed or the filter did),
    /// keeping the selected article selected when it is still listed.
    public func reloadOrder() {
        let current = order.indices.contains(selected) ? order[selected] : nil
        do {
            order = try library.order(filter: filter)
        } catch {
            order = []
            message = "cannot read the index: \(error)"
        }
        rowCache.removeAll(keepingCapacity: true)
        skipped = (try? library.skippedFiles()) ?? []
        if let current, let index = order.firstIndex(of: current) {
            selected = index
        } else {
            selected = min(selected, max(0, order.count - 1))
        }
        clampList()
        if document == nil { previewSelected() }
    }

    /// Marks the row of an article as read or bookmarked without a reload.
    public func updateRow(_ handle: Int64, read: Bool? = nil, bookmarked: Bool? = nil) {
        var override = rowOverrides[handle] ?? (nil, nil)
        if let read { override.read = read }
        if let bookmarked { override.bookmarked = bookmarked }
        rowOverrides[handle] = override
        if let row = rowCache[handle] { rowCache[handle] = applyingOverrides(row) }
    }

    func rowOverridesApplied(_ row: ListRow) -> ListRow { applyingOverrides(row) }

    func applyingOverrides(_ row: ListRow) -> ListRow {
        guard let override = rowOverrides[row.handle] else { return row }
        var row = row
        if let read = override.read { row.read = read }
        if let bookmarked = override.bookmarked { row.bookmarked = bookmarked }
        return row
    }

    public func setMessage(_ text: String?) {
        message = text
    }

    // MARK: - Keys

    /// Applies one key; returns what the runtime must do.
    public func handle(_ key: Key) -> [Effect] {
        let effects = handleKey(key)
        return effects + takePendingEffects()
    }

    /// Effects that arose outside `handle`, for the runtime to perform.
    public func takePendingEffects() -> [Effect] {
        defer { pendingEffects.removeAll() }
        return pendingEffects
    }

    /// The related items of an article, resolved off the UI loop.
    public func applyRelated(handle: Int64, related: [RelatedRow], backlinks: [ListRow]) {
        guard document?.handle == handle else { return }
        relatedRows = related
        backlinkRows = backlinks
        relatedLoading = false
        if let selection = pendingRelatedSelection {
            relatedSelected = selection
            pendingRelatedSelection = nil
        }
        clampRelated()
    }

    func handleKey(_ key: Key) -> [Effect] {
        if key == .resize { return [.redraw] }
        if case .mouse(let event) = key { return handleMouse(event) }
        let hadMessage = message != nil
        message = nil
        if prompt != nil { return handlePrompt(key) }
        if picker != nil { return handlePicker(key) }
        if showingHelp {
            switch keymap.action(for: key, in: .help) {
            case .close?, .help?, .showSkipped?: showingHelp = false
            case .quit?: return [.quit]
            case .moveDown?: helpScroll += 1
            case .moveUp?: helpScroll = max(0, helpScroll - 1)
            case .pageDown?: helpScroll += max(1, height - 4)
            case .pageUp?: helpScroll = max(0, helpScroll - max(1, height - 4))
            case .top?: helpScroll = 0
            case .bottom?: helpScroll = Int.max / 2
            default: break
            }
            return []
        }
        guard let action = keymap.action(for: key, in: context) else {
            if case .mouse = key { return [] }
            message = "\(key.name) is not bound here; ? shows the keys"
            return []
        }
        return perform(action, hadMessage: hadMessage)
    }

    var context: KeyContext {
        switch focus {
        case .list: return .list
        case .article: return .article
        case .related: return .related
        }
    }

    func perform(_ action: Action, hadMessage: Bool) -> [Effect] {
        switch action {
        case .quit: return [.quit]
        case .suspend: return [.suspend]
        case .redraw: return [.redraw]
        case .help:
            showingHelp = true
            overlay = .help
            helpScroll = 0
        case .showSkipped:
            showingHelp = true
            overlay = .skipped
            helpScroll = 0
        case .close:
            if !hadMessage, layout.isZoomed, focus != .list {
                focus = .list
            }
        case .nextPane: cycleFocus(by: 1)
        case .previousPane: cycleFocus(by: -1)
        case .focusList: focus = .list
        case .focusArticle: focus = .article
        case .focusRelated: focus = .related
        case .back: goBack()
        case .forward: goForward()
        case .open: return open()
        case .search: return startSearch()
        case .nextHit: jumpToHit(forward: true)
        case .previousHit: jumpToHit(forward: false)
        case .pickCategory: openPicker(.category)
        case .pickSource: openPicker(.source)
        case .pickDates: prompt = Prompt(kind: .dates, text: datesText)
        case .clearFilters:
            filter = ReaderFilter()
            savedBeforeSearch = nil
            return applyFilter()
        case .toggleBookmark: return toggleBookmark()
        case .bookmarkedOnly:
            filter.bookmarked.toggle()
            return applyFilter()
        case .toggleRead: return toggleRead()
        case .unreadOnly:
            filter.unread.toggle()
            return applyFilter()
        case .openURL, .copyURL:
            guard let url = document?.article.snapshot.originalURL else {
                message = "This article has no original address."
                return []
            }
            if action == .copyURL { message = "Copied the original address." }
            return [action == .openURL ? .openURL(url) : .copy(url)]
        case .cycleTheme: return [.cycleTheme]
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown: move(by: max(1, paneHeight - 1))
        case .pageUp: move(by: -max(1, paneHeight - 1))
        case .halfPageDown: move(by: max(1, paneHeight / 2))
        case .halfPageUp: move(by: -max(1, paneHeight / 2))
        case .top: move(by: Int.min / 2)
        case .bottom: move(by: Int.max / 2)
        }
        return []
    }

    func cycleFocus(by step: Int) {
        let panes = Pane.allCases
        let index = panes.firstIndex(of: focus) ?? 0
        focus = panes[(index + step + panes.count) % panes.count]
    }

    var layout: PaneLayout { PaneLayout.compute(width: width, height: height, focus: focus, listPercent: listWidthPercent) }

    /// From the config's `layout.list_width`.
    public var listWidthPercent: Int?

    /// The prompt's text, when one is open (for tests and the status line).
    public var promptText: String? { prompt?.text }

    var paneHeight: Int { layout.body(of: focus)?.height ?? 1 }

    func move(by delta: Int) {
        switch focus {
        case .list:
            guard !order.isEmpty else { return }
            let target = clamp(selected.addingReportingOverflow(delta).overflow ? (delta > 0 ? order.count - 1 : 0) : selected + delta, 0, order.count - 1)
            guard target != selected else { return }
            selected = target
            clampList()
            previewSelected()
        case .article:
            articleScroll = articleScroll.addingReportingOverflow(delta).overflow ? (delta > 0 ? Int.max / 4 : 0) : articleScroll + delta
            clampArticleScroll()
        case .related:
            let count = relatedEntryCount
            guard count > 0 else { return }
            relatedSelected = clamp(relatedSelected.addingReportingOverflow(delta).overflow ? (delta > 0 ? count - 1 : 0) : relatedSelected + delta, 0, count - 1)
            clampRelated()
        }
    }

    func open() -> [Effect] {
        switch focus {
        case .list:
            guard order.indices.contains(selected) else { return [] }
            if document?.handle != order[selected] { previewSelected() }
            focus = .article
            return markCurrentRead()
        case .article:
            return []
        case .related:
            guard let handle = relatedTarget(at: relatedSelected) else {
                message = relatedSelected < relatedRows.count ? "That story is not in this corpus." : nil
                return []
            }
            return follow(to: handle)
        }
    }

    /// The article a related entry points at: a resolved item or a backlink.
    func relatedTarget(at index: Int) -> Int64? {
        if index < relatedRows.count { return relatedRows[index].target?.handle }
        let backlink = index - relatedRows.count
        return backlinkRows.indices.contains(backlink) ? backlinkRows[backlink].handle : nil
    }

    var relatedEntryCount: Int { relatedRows.count + backlinkRows.count }

    /// Opens another story like following a link in a browser.
    public func follow(to handle: Int64) -> [Effect] {
        if let here = currentLocation { backStack.append(here) }
        forwardStack.removeAll()
        show(handle)
        if let index = order.firstIndex(of: handle) {
            selected = index
            clampList()
        } else {
            message = "This story is not in the current list."
        }
        return markCurrentRead()
    }

    func markCurrentRead() -> [Effect] {
        guard let document else { return [] }
        updateRow(document.handle, read: true)
        return [.markRead(id: document.article.id)]
    }

    var currentLocation: Location? {
        guard let document else { return nil }
        return Location(handle: document.handle, listSelected: selected, listTop: listTop, articleScroll: articleScroll,
                        relatedSelected: relatedSelected, focus: focus)
    }

    func goBack() {
        travel(from: &backStack, to: &forwardStack, nothing: "Nothing to go back to.")
    }

    func goForward() {
        travel(from: &forwardStack, to: &backStack, nothing: "Nothing to go forward to.")
    }

    /// One step along the trail: where we are goes on the other stack.
    private func travel(from source: inout [Location], to other: inout [Location], nothing: String) {
        guard let destination = source.popLast() else {
            message = nothing
            return
        }
        if let here = currentLocation { other.append(here) }
        restore(destination)
    }

    func restore(_ location: Location) {
        show(location.handle)
        if let index = order.firstIndex(of: location.handle) {
            selected = index
        } else {
            selected = min(location.listSelected, max(0, order.count - 1))
        }
        listTop = location.listTop
        clampList()
        articleScroll = location.articleScroll
        clampArticleScroll()
        relatedSelected = location.relatedSelected
        if relatedLoading { pendingRelatedSelection = location.relatedSelected }
        clampRelated()
        focus = location.focus
    }

    /// Shows the selected list row's article in the article pane.
    func previewSelected() {
        guard order.indices.contains(selected) else {
            document = nil
            articleLines = []
            relatedRows = []
            backlinkRows = []
            return
        }
        show(order[selected])
    }

    func show(_ handle: Int64) {
        do {
            let document = try library.document(handle)
            self.document = document
            if loadsRelatedAsynchronously {
                relatedRows = []
                backlinkRows = []
                relatedLoading = true
                pendingEffects.append(.loadRelated(handle: handle))
            } else {
                relatedRows = (try? library.related(handle)) ?? []
                backlinkRows = (try? library.backlinks(handle)) ?? []
            }
        } catch {
            document = nil
            relatedRows = []
            backlinkRows = []
            message = "Cannot open this article: \(error)"
        }
        articleLinesWidth = -1
        articleScroll = 0
        relatedSelected = 0
        relatedTop = 0
        pendingRelatedSelection = nil
    }

    // MARK: - Scrolling bounds

    func clampList() {
        let rows = layout.body(of: .list)?.height ?? max(1, height - 3)
        selected = clamp(selected, 0, max(0, order.count - 1))
        if selected < listTop { listTop = selected }
        if selected >= listTop + rows { listTop = selected - rows + 1 }
        listTop = clamp(listTop, 0, max(0, order.count - rows))
    }

    func clampArticleScroll() {
        guard let body = layout.body(of: .article) else { return }
        let lines = linesForArticle(width: body.width - 2)
        articleScroll = clamp(articleScroll, 0, max(0, lines.count - body.height))
    }

    func clampRelated() {
        let rows = layout.body(of: .related)?.height ?? 1
        relatedSelected = clamp(relatedSelected, 0, max(0, relatedEntryCount - 1))
        let line = relatedLineIndex(of: relatedSelected)
        if line < relatedTop { relatedTop = line }
        if line >= relatedTop + rows { relatedTop = line - rows + 1 }
        relatedTop = max(0, relatedTop)
    }

    /// Backlinks sit below a section line, so entries and lines differ by one there.
    func relatedLineIndex(of entry: Int) -> Int {
        entry < relatedRows.count ? entry : entry + 1 + (relatedRows.isEmpty ? 1 : 0)
    }

    func linesForArticle(width: Int) -> [StyledLine] {
        guard let document else { return [] }
        let terms = highlightTerms
        if articleLinesWidth != width || articleLinesTerms != terms {
            articleLines = ArticleLayout.lines(for: document, width: width).map { ArticleLayout.highlight($0, terms: terms) }
            articleLinesWidth = width
            articleLinesTerms = terms
        }
        return articleLines
    }

    func rows(from start: Int, count: Int) -> [ListRow?] {
        guard start < order.count, count > 0 else { return [] }
        let handles = Array(order[start..<min(order.count, start + count)])
        let missing = handles.filter { rowCache[$0] == nil }
        if !missing.isEmpty {
            if rowCache.count > 4000 { rowCache.removeAll(keepingCapacity: true) }
            if let fetched = try? library.rows(missing) {
                for (handle, row) in fetched { rowCache[handle] = applyingOverrides(row) }
            }
        }
        return handles.map { rowCache[$0] }
    }

    /// The list row of the selected article, when it is loaded.
    public var selectedRow: ListRow? {
        guard order.indices.contains(selected) else { return nil }
        return rows(from: selected, count: 1).first ?? nil
    }

    // MARK: - Rendering

    /// Draws the whole screen.
    public func render(into screen: inout ScreenBuffer) {
        let layout = self.layout
        screen.fill(Rect(x: 0, y: 0, width: screen.width, height: screen.height), role: .normal)
        renderTopBar(&screen, layout.topBar)
        if showingHelp {
            let area = Rect(x: 0, y: 1, width: width, height: max(0, height - 2))
            if overlay == .skipped { renderSkipped(&screen, area) } else { renderHelp(&screen, area) }
        } else {
            for separator in layout.verticalSeparators {
                for y in separator.y..<separator.maxY { screen.write("│", x: separator.x, y: y, limit: 1, role: .border) }
            }
            for separator in layout.horizontalSeparators {
                screen.write(String(repeating: "─", count: separator.width), x: separator.x, y: separator.y, limit: separator.width, role: .border)
            }
            if let rect = layout.list { renderList(&screen, rect) }
            if let rect = layout.article { renderArticle(&screen, rect) }
            if let rect = layout.related { renderRelated(&screen, rect) }
            if picker != nil { renderPicker(&screen) }
        }
        renderStatus(&screen, layout.statusBar)
    }

    func renderTopBar(_ screen: inout ScreenBuffer, _ rect: Rect) {
        guard !rect.isEmpty else { return }
        screen.fill(rect, role: .topBar)
        var right = order.count == 1 ? "1 article" : "\(order.count) articles"
        if !skipped.isEmpty { right += " · \(skipped.count) skipped (!)" }
        if let indexing {
            let percent = indexing.total > 0 ? indexing.done * 100 / indexing.total : 0
            right = "indexing \(indexing.done)/\(indexing.total) (\(percent)%) · " + right
        }
        let rightWidth = DisplayWidth.of(right)
        let left = " snapread · " + library.corpusName
        let leftLimit = max(0, rect.width - rightWidth - 2)
        screen.write(DisplayWidth.truncate(left, to: leftLimit), x: 0, y: rect.y, limit: leftLimit, role: .topBar)
        if rightWidth + 1 <= rect.width {
            screen.write(right, x: rect.width - rightWidth - 1, y: rect.y, limit: rightWidth, role: .topBar)
        }
    }

    func renderPaneTitle(_ screen: inout ScreenBuffer, _ rect: Rect, pane: Pane, detail: String) {
        let focused = pane == focus
        let role: Role = focused ? .paneTitleFocused : .paneTitle
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: role)
        let title = " \(pane.rawValue) \(pane.name) "
        let used = screen.write(title, x: rect.x, y: rect.y, limit: rect.width, role: role)
        let detailWidth = DisplayWidth.of(detail)
        if used + detailWidth + 1 <= rect.width {
            screen.write(detail, x: rect.maxX - detailWidth - 1, y: rect.y, limit: detailWidth, role: role)
        }
    }

    func renderList(_ screen: inout ScreenBuffer, _ rect: Rect) {
        let position = order.isEmpty ? "0/0" : "\(selected + 1)/\(order.count)"
        renderPaneTitle(&screen, rect, pane: .list, detail: position)
        guard rect.height > 1 else { return }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        if order.isEmpty {
            let text = indexing != nil && filter.isEmpty ? "Indexing… articles appear as they are read." :
                (filter.isEmpty && prompt == nil ? "No articles in this corpus." : "No articles match: \(activeFilterSummary)  (C clears the filters)")
            for (offset, line) in LineBreaker.wrap(text, width: max(1, body.width - 2)).prefix(body.height).enumerated() {
                screen.write(line, x: body.x + 1, y: body.y + offset, limit: body.width - 1, role: .dim)
            }
            return
        }
        let visible = rows(from: listTop, count: body.height)
        let wideDate = body.width >= 60
        for (offset, row) in visible.enumerated() {
            let y = body.y + offset
            let index = listTop + offset
            var x = body.x
            guard let row else {
                screen.write("…", x: x + 1, y: y, limit: 2, role: .dim)
                continue
            }
            x += screen.write(row.read ? " " : "•", x: x, y: y, limit: 1, role: .unread)
            x += screen.write(row.bookmarked ? "★" : " ", x: x, y: y, limit: 1, role: .bookmark)
            x += 1
            if body.width >= 34 {
                let date = row.publishedAt.map { wideDate ? $0.dateString : String($0.dateString.dropFirst(2)) } ?? (wideDate ? "          " : "        ")
                x += screen.write(date, x: x, y: y, limit: body.maxX - x, role: .meta)
                x += 1
            }
            if body.width >= 46, let category = row.category {
                let cut = DisplayWidth.truncate(category, to: 4)
                screen.write(cut, x: x, y: y, limit: 4, role: .meta)
                x += 5
            }
            let titleWidth = max(0, body.maxX - x)
            screen.write(DisplayWidth.truncate(row.title, to: titleWidth), x: x, y: y, limit: titleWidth, role: row.read ? .normal : .unread)
            if index == selected {
                screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: focus == .list ? .selection : .selectionInactive)
            }
        }
    }

    func renderArticle(_ screen: inout ScreenBuffer, _ rect: Rect) {
        let textWidth = max(1, rect.width - 2)
        let lines = linesForArticle(width: textWidth)
        let bodyHeight = max(0, rect.height - 1)
        clampArticleScroll()
        var detail = ""
        if !lines.isEmpty {
            let last = min(lines.count, articleScroll + bodyHeight)
            detail = lines.count <= bodyHeight ? "all" : "\(articleScroll + 1)-\(last)/\(lines.count) \(last * 100 / max(1, lines.count))%"
        }
        renderPaneTitle(&screen, rect, pane: .article, detail: detail)
        guard bodyHeight > 0 else { return }
        if document == nil {
            screen.write("No article selected.", x: rect.x + 1, y: rect.y + 1, limit: rect.width - 1, role: .dim)
            return
        }
        for row in 0..<bodyHeight {
            let index = articleScroll + row
            guard index < lines.count else { break }
            var x = rect.x + 1
            for span in lines[index].spans {
                x += screen.write(span.text, x: x, y: rect.y + 1 + row, limit: max(0, rect.x + 1 + textWidth - x), role: span.role)
            }
        }
    }

    func renderRelated(_ screen: inout ScreenBuffer, _ rect: Rect) {
        let resolved = relatedRows.filter { $0.target != nil }.count
        renderPaneTitle(&screen, rect, pane: .related, detail: "\(resolved)/\(relatedRows.count) in corpus · \(backlinkRows.count) back")
        guard rect.height > 1 else { return }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        clampRelated()
        // Lines: one per related item, a section line, one per backlink.
        var lines: [(entry: Int?, build: (inout ScreenBuffer, Int) -> Void)] = []
        for (index, row) in relatedRows.enumerated() {
            lines.append((index, { screen, y in
                var x = body.x
                let role: Role = row.target == nil ? .unresolved : .link
                x += screen.write(row.target == nil ? " · " : " → ", x: x, y: y, limit: 3, role: role)
                if let date = row.item.publishedAt, body.width >= 30 {
                    x += screen.write(String(date.dateString.dropFirst(2)), x: x, y: y, limit: body.maxX - x, role: .meta)
                    x += 1
                }
                let text = row.target?.title ?? row.item.title ?? row.item.excerpt
                screen.write(DisplayWidth.truncate(text, to: max(0, body.maxX - x)), x: x, y: y, limit: max(0, body.maxX - x), role: role)
            }))
        }
        if relatedLoading {
            lines.append((nil, { screen, y in screen.write(" resolving related stories…", x: body.x, y: y, limit: body.width, role: .dim) }))
        } else if relatedRows.isEmpty {
            lines.append((nil, { screen, y in screen.write(" no related items", x: body.x, y: y, limit: body.width, role: .dim) }))
        }
        lines.append((nil, { [backlinkRows] screen, y in
            let label = backlinkRows.isEmpty ? " ─ not linked from other stories ─" : " ─ linked from (\(backlinkRows.count)) ─"
            screen.write(label, x: body.x, y: y, limit: body.width, role: .dim)
        }))
        for (index, row) in backlinkRows.enumerated() {
            lines.append((relatedRows.count + index, { screen, y in
                var x = body.x
                x += screen.write(" ← ", x: x, y: y, limit: 3, role: .link)
                if let date = row.publishedAt, body.width >= 30 {
                    x += screen.write(String(date.dateString.dropFirst(2)), x: x, y: y, limit: body.maxX - x, role: .meta)
                    x += 1
                }
                screen.write(DisplayWidth.truncate(row.title, to: max(0, body.maxX - x)), x: x, y: y, limit: max(0, body.maxX - x), role: .link)
            }))
        }
        for row in 0..<body.height {
            let index = relatedTop + row
            guard index < lines.count else { break }
            let y = body.y + row
            lines[index].build(&screen, y)
            if let entry = lines[index].entry, entry == relatedSelected {
                screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: focus == .related ? .selection : .selectionInactive)
            }
        }
    }

    func renderStatus(_ screen: inout ScreenBuffer, _ rect: Rect) {
        guard !rect.isEmpty else { return }
        if let prompt {
            renderPrompt(&screen, rect, prompt)
            return
        }
        screen.fill(rect, role: .status)
        var left = " [\(focus.name)]"
        if focus == .list, !order.isEmpty { left += " \(selected + 1)/\(order.count)" }
        if !filter.isEmpty { left += " · " + filter.summary }
        if let pending = searchPending, pending == filter.searchQuery { left += " (searching…)" }
        if !backStack.isEmpty || !forwardStack.isEmpty { left += " · trail \(backStack.count)←→\(forwardStack.count)" }
        if let message {
            let text = left + "  " + message
            screen.write(DisplayWidth.truncate(text, to: rect.width), x: 0, y: rect.y, limit: rect.width, role: .statusMessage)
            return
        }
        let choices = showingHelp ? ["Esc close  j/k scroll", "Esc close"] :
            (focus == .related ? ["Enter follow  H back  L forward  Tab pane  ? help  q quit", "Enter follow  H/L trail  ? help", "? help"]
                               : ["Enter open  Tab pane  H back  ? help  q quit", "Enter open  ? help  q quit", "? help"])
        let leftWidth = DisplayWidth.of(left)
        screen.write(DisplayWidth.truncate(left, to: rect.width), x: 0, y: rect.y, limit: rect.width, role: .status)
        if let hints = choices.first(where: { leftWidth + DisplayWidth.of($0) + 3 <= rect.width }) {
            let hintWidth = DisplayWidth.of(hints)
            screen.write(hints, x: rect.width - hintWidth - 1, y: rect.y, limit: hintWidth, role: .status)
        }
    }

    func renderSkipped(_ screen: inout ScreenBuffer, _ rect: Rect) {
        var lines: [(String, Role)] = [(" Files that are not snapshots (Esc closes)", .title), ("", .normal)]
        if skipped.isEmpty { lines.append(("   none: every file is a snapshot", .dim)) }
        for file in skipped {
            lines.append(("   " + file.path, .warning))
            for line in LineBreaker.wrap(file.reason, width: max(1, rect.width - 6)) { lines.append(("      " + line, .dim)) }
        }
        drawOverlay(&screen, rect, lines)
    }

    func drawOverlay(_ screen: inout ScreenBuffer, _ rect: Rect, _ lines: [(String, Role)]) {
        helpScroll = clamp(helpScroll, 0, max(0, lines.count - rect.height))
        for row in 0..<rect.height {
            let index = helpScroll + row
            guard index < lines.count else { break }
            screen.write(DisplayWidth.truncate(lines[index].0, to: rect.width), x: rect.x, y: rect.y + row, limit: rect.width, role: lines[index].1)
        }
    }

    func renderHelp(_ screen: inout ScreenBuffer, _ rect: Rect) {
        var lines: [(String, Role)] = [(" Keys (generated from the keymap in force; Esc closes)", .title), ("", .normal)]
        var lastContext: KeyContext?
        for entry in keymap.helpLines() {
            if entry.context != lastContext {
                if lastContext != nil { lines.append(("", .normal)) }
                lines.append((" " + entry.context.rawValue.capitalized, .heading))
                lastContext = entry.context
            }
            let keys = entry.keys + String(repeating: " ", count: max(1, 26 - DisplayWidth.of(entry.keys)))
            lines.append(("   " + keys + entry.summary, .help))
        }
        drawOverlay(&screen, rect, lines)
    }
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
    min(max(value, low), max(low, high))
}
