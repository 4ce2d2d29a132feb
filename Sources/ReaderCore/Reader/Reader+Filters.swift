import SnapshotFormat

/// The prompt at the bottom line: search as you type, or a date range.
struct Prompt {
    enum Kind { case search, dates }
    var kind: Kind
    var text: String
    var historyIndex: Int?
}

/// A list to choose a category or a source from, narrowed by typing.
struct Picker {
    var kind: FacetKind
    var items: [CategoryCount]
    var query = ""
    var selected = 0

    /// The items matching the typed text; the first entry clears the filter.
    var visible: [(name: String?, count: Int)] {
        let total = items.reduce(0) { $0 + $1.count }
        let matching = items.filter { query.isEmpty || $0.name.lowercased().contains(query.lowercased()) }
        return (query.isEmpty ? [(nil, total)] : []) + matching.map { (Optional($0.name), $0.count) }
    }
}

extension Reader {
    /// The search terms to highlight: the prompt's while typing, else the kept search's.
    var highlightTerms: [String] {
        let query = prompt?.kind == .search ? prompt?.text : filter.searchQuery
        return (query ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    var activeFilterSummary: String {
        var shown = filter
        if let prompt, prompt.kind == .search { shown.searchQuery = prompt.text.isEmpty ? nil : prompt.text }
        return shown.summary
    }

    // MARK: - Search

    func startSearch() -> [Effect] {
        if savedBeforeSearch == nil {
            savedBeforeSearch = SavedList(order: order, selected: selected, filter: filter)
        }
        prompt = Prompt(kind: .search, text: filter.searchQuery ?? "")
        return []
    }

    func handlePrompt(_ key: Key) -> [Effect] {
        guard var prompt else { return [] }
        var changed = false
        switch key {
        case .escape:
            self.prompt = nil
            if prompt.kind == .search { return cancelSearch() }
            return []
        case .enter:
            self.prompt = nil
            return prompt.kind == .search ? commitSearch(prompt.text) : applyDates(prompt.text)
        case .backspace:
            if prompt.text.isEmpty {
                self.prompt = nil
                return prompt.kind == .search ? cancelSearch() : []
            }
            prompt.text.removeLast()
            changed = true
        case .control("u"):
            prompt.text = ""
            changed = true
        case .up, .down:
            guard prompt.kind == .search, !searchHistory.isEmpty else { break }
            let last = searchHistory.count - 1
            var index = prompt.historyIndex ?? searchHistory.count
            index += key == .up ? -1 : 1
            if index > last {
                prompt.historyIndex = nil
                prompt.text = ""
            } else {
                index = max(0, index)
                prompt.historyIndex = index
                prompt.text = searchHistory[index]
            }
            changed = true
        case .character(let character):
            prompt.text.append(character)
            changed = true
        default:
            break
        }
        self.prompt = prompt
        guard changed, prompt.kind == .search else { return [] }
        articleLinesWidth = -1
        if prompt.text.trimmingCharacters(in: .whitespaces).isEmpty {
            restoreSavedList()
            return []
        }
        var searchFilter = savedBeforeSearch?.filter ?? filter
        searchFilter.searchQuery = prompt.text
        return [.search(query: prompt.text, filter: searchFilter)]
    }

    func commitSearch(_ text: String) -> [Effect] {
        let query = text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return cancelSearch() }
        filter.searchQuery = query
        if !searchHistory.contains(query) || searchHistory.last != query {
            searchHistory.removeAll { $0 == query }
            searchHistory.append(query)
        }
        return [.rememberSearch(query)]
    }

    func cancelSearch() -> [Effect] {
        restoreSavedList()
        savedBeforeSearch = nil
        articleLinesWidth = -1
        return []
    }

    private func restoreSavedList() {
        guard let saved = savedBeforeSearch else { return }
        filter = saved.filter
        order = saved.order
        selected = saved.selected
        clampList()
        previewSelected()
    }

    /// The search to run again when the index changed under it: the one
    /// being typed, else the one kept. A search typed while the index was
    /// still being built found nothing to search; this is how it gets its results.
    public var activeSearch: (query: String, filter: ReaderFilter)? {
        if let prompt, prompt.kind == .search {
            guard !prompt.text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            var searchFilter = savedBeforeSearch?.filter ?? filter
            searchFilter.searchQuery = prompt.text
            return (prompt.text, searchFilter)
        }
        guard let query = filter.searchQuery else { return nil }
        return (query, filter)
    }

    /// Shows the results of a search the runtime ran, if it is still the one wanted.
    public func applySearchResults(query: String, handles: [Int64]) {
        if searchPending == query { searchPending = nil }
        let wanted = prompt?.kind == .search ? prompt?.text : filter.searchQuery
        guard wanted == query else { return }
        order = handles
        selected = 0
        listTop = 0
        rowCache.removeAll(keepingCapacity: true)
        previewSelected()
        finishRestore()
        if handles.isEmpty { message = "No article contains “\(query)”." }
    }

    func jumpToHit(forward: Bool) {
        guard !highlightTerms.isEmpty, let body = layout.body(of: .article) else {
            message = "No search: / searches."
            return
        }
        let lines = linesForArticle(width: body.width - 2)
        let hits = lines.indices.filter { index in lines[index].spans.contains { $0.role == .searchHit } }
        let current = articleScroll + 1
        let target = forward ? hits.first { $0 > current } : hits.last { $0 < current - 1 }
        guard let target else {
            message = forward ? "No more hits below." : "No more hits above."
            return
        }
        articleScroll = max(0, target - 1)
        clampArticleScroll()
    }

    // MARK: - Filters

    /// Reloads the list for the current filter (searching again when a search is kept).
    func applyFilter() -> [Effect] {
        if let query = filter.searchQuery {
            savedBeforeSearch = nil
            return [.search(query: query, filter: filter)]
        }
        savedBeforeSearch = nil
        let shown = document?.handle
        reloadOrder()
        if let shown, !order.contains(shown) || order.isEmpty { previewSelected() }
        if order.isEmpty { previewSelected() }
        return []
    }

    var datesText: String {
        guard filter.since != nil || filter.until != nil else { return "" }
        return (filter.since?.dateString ?? "") + ".." + (filter.until?.dateString ?? "")
    }

    func applyDates(_ text: String) -> [Effect] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            filter.since = nil
            filter.until = nil
            return applyFilter()
        }
        let parts = trimmed.components(separatedBy: "..")
        let sinceText = parts[0].trimmingCharacters(in: .whitespaces)
        let untilText = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : sinceText
        let since = sinceText.isEmpty ? nil : SnapshotTime(parsing: sinceText)
        let until = untilText.isEmpty ? nil : SnapshotTime(parsing: untilText)
        if (!sinceText.isEmpty && since == nil) || (!untilText.isEmpty && until == nil) || parts.count > 2 {
            message = "Dates are YYYY-MM-DD..YYYY-MM-DD (either side may be empty)."
            return []
        }
        filter.since = since
        filter.until = until
        return applyFilter()
    }

    func openPicker(_ kind: FacetKind) {
        let items = (try? library.facets(kind)) ?? []
        var picker = Picker(kind: kind, items: items)
        let current = kind == .category ? filter.categories.first : filter.source
        if let current, let index = picker.visible.firstIndex(where: { $0.name == current }) { picker.selected = index }
        self.picker = picker
    }

    func handlePicker(_ key: Key) -> [Effect] {
        guard var picker else { return [] }
        switch key {
        case .escape:
            self.picker = nil
            return []
        case .enter:
            self.picker = nil
            let visible = picker.visible
            guard visible.indices.contains(picker.selected) else { return [] }
            let name = visible[picker.selected].name
            if picker.kind == .category { filter.categories = name.map { [$0] } ?? [] } else { filter.source = name }
            return applyFilter()
        case .up, .control("p"): picker.selected = max(0, picker.selected - 1)
        case .down, .control("n"): picker.selected = min(max(0, picker.visible.count - 1), picker.selected + 1)
        case .pageUp: picker.selected = max(0, picker.selected - 10)
        case .pageDown: picker.selected = min(max(0, picker.visible.count - 1), picker.selected + 10)
        case .backspace:
            if !picker.query.isEmpty { picker.query.removeLast() }
            picker.selected = 0
        case .character(let character):
            picker.query.append(character)
            picker.selected = 0
        default: break
        }
        self.picker = picker
        return []
    }

    // MARK: - Marks

    /// The row the marks keys act on: the list's selection, or the open article.
    private var markTarget: ListRow? {
        if focus != .list, let document, let row = try? library.rows([document.handle])[document.handle] {
            return rowOverridesApplied(row)
        }
        return selectedRow
    }

    func toggleBookmark() -> [Effect] {
        guard let row = markTarget else { return [] }
        let on = !row.bookmarked
        updateRow(row.handle, bookmarked: on)
        message = on ? "Bookmarked: \(row.title)" : "Bookmark removed."
        return [.setBookmark(row, on: on)]
    }

    func toggleRead() -> [Effect] {
        guard let row = markTarget else { return [] }
        updateRow(row.handle, read: !row.read)
        return [.setRead(id: row.id, read: !row.read)]
    }

    // MARK: - Drawing

    func renderPrompt(_ screen: inout ScreenBuffer, _ rect: Rect, _ prompt: Prompt) {
        screen.fill(rect, role: .status)
        let label = prompt.kind == .search ? " /" : " dates (YYYY-MM-DD..YYYY-MM-DD): "
        let found = searchPending == prompt.text ? "searching…" : "\(order.count) found"
        let hint = prompt.kind == .search ? found + " · Enter keeps · Esc restores · ↑↓ history" : "Enter applies · Esc cancels"
        let hintWidth = DisplayWidth.of(hint)
        var x = screen.write(label, x: 0, y: rect.y, limit: rect.width, role: .status)
        let room = max(1, rect.width - x - (hintWidth + 3 <= rect.width - x ? hintWidth + 2 : 0) - 1)
        // The end of a long query stays visible.
        var shown = prompt.text
        while DisplayWidth.of(shown) > room - 1, !shown.isEmpty { shown.removeFirst() }
        x += screen.write(shown, x: x, y: rect.y, limit: room, role: .status)
        screen.write("▏", x: x, y: rect.y, limit: 1, role: .status)
        if hintWidth + 3 <= rect.width - x {
            screen.write(hint, x: rect.width - hintWidth - 1, y: rect.y, limit: hintWidth, role: .status)
        }
    }

    func renderPicker(_ screen: inout ScreenBuffer) {
        guard let picker else { return }
        let visible = picker.visible
        let boxWidth = min(max(30, width / 2), width - 2)
        let boxHeight = min(visible.count + 3, max(4, height - 4))
        let x0 = (width - boxWidth) / 2
        let y0 = max(1, (height - boxHeight) / 2)
        let box = Rect(x: x0, y: y0, width: boxWidth, height: boxHeight)
        screen.fill(box, role: .help)
        let title = picker.kind == .category ? " Category (type to narrow, Enter applies, Esc closes)" : " Source (type to narrow, Enter applies, Esc closes)"
        screen.write(DisplayWidth.truncate(title, to: boxWidth), x: x0, y: y0, limit: boxWidth, role: .paneTitleFocused)
        screen.write(" > " + picker.query + "▏", x: x0, y: y0 + 1, limit: boxWidth, role: .help)
        let rows = boxHeight - 2
        let top = max(0, min(picker.selected - rows + 1, visible.count - rows))
        let current = picker.kind == .category ? filter.categories.first : filter.source
        for row in 0..<rows {
            let index = top + row
            guard index < visible.count else { break }
            let item = visible[index]
            let mark = item.name == current ? "✓ " : "  "
            let name = item.name ?? (picker.kind == .category ? "all categories" : "all sources")
            let count = String(item.count)
            let y = y0 + 2 + row
            let nameWidth = boxWidth - 4 - DisplayWidth.of(count)
            screen.write(" " + mark + DisplayWidth.truncate(name, to: max(1, nameWidth - 1)), x: x0, y: y, limit: boxWidth, role: .help)
            screen.write(count, x: x0 + boxWidth - DisplayWidth.of(count) - 1, y: y, limit: DisplayWidth.of(count), role: .meta)
            if index == picker.selected { screen.restyle(Rect(x: x0, y: y, width: boxWidth, height: 1), role: .selection) }
        }
        if visible.isEmpty { screen.write("   nothing matches", x: x0, y: y0 + 2, limit: boxWidth, role: .dim) }
    }
}

/// The list as it was before a search started, for Esc.
struct SavedList {
    var order: [Int64]
    var selected: Int
    var filter: ReaderFilter
}
