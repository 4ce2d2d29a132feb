import Foundation
import SnapshotFormat

/// The search prompt, the other prompts, the filters and the pickers.
extension ReaderModel {
    mutating func startSearch() -> [Effect] {
        // What Esc gives back: the list exactly as it is now, a kept search included.
        savedBeforeSearch = SavedList(order: list.order, selected: list.selected, top: list.top, filter: filter,
                                      article: article.document?.handle, articleScroll: article.scroll,
                                      relatedSelected: related.selected, relatedTop: related.top)
        modal = .prompt(Prompt(kind: .search, text: filter.searchQuery ?? ""))
        return []
    }

    mutating func handlePrompt(_ key: Key, _ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        var changed = false
        switch key {
        case .escape, .control("c"), .control("g"):
            modal = nil
            return prompt.kind == .search ? cancelSearch() : []
        case .enter:
            modal = nil
            if prompt.kind == .dates, let problem = datesProblem(prompt.text) {
                // The typed text stays to be corrected, as a shell's line does.
                prompt.problem = problem
                modal = .prompt(prompt)
                return []
            }
            switch prompt.kind {
            case .search: return commitSearch(prompt.text)
            case .dates: return applyDates(prompt.text)
            case .pipe: return pipeArticle(to: prompt.text)
            case .save: return saveArticle(at: prompt.text)
            }
        case .backspace where prompt.line.isEmpty:
            modal = nil
            return prompt.kind == .search ? cancelSearch() : []
        case .up, .down:
            guard prompt.kind == .search, !searchHistory.isEmpty else { break }
            let last = searchHistory.count - 1
            var index = prompt.historyIndex ?? searchHistory.count
            index += key == .up ? -1 : 1
            if index > last {
                prompt.historyIndex = nil
                prompt.line.replace(with: "")
            } else {
                index = max(0, index)
                prompt.historyIndex = index
                prompt.line.replace(with: searchHistory[index])
            }
            changed = true
        default:
            // Left, Right, Home, End, Ctrl-A/E/W/U/K/Y and typing, as in readline.
            let before = prompt.text
            prompt.line.handle(key)
            changed = prompt.text != before
        }
        if changed { prompt.problem = nil }
        modal = .prompt(prompt)
        guard changed, prompt.kind == .search else { return [] }
        if prompt.text.trimmingCharacters(in: .whitespaces).isEmpty {
            restoreSavedList(clearingSearch: true)
            return []
        }
        var searchFilter = savedBeforeSearch?.filter ?? filter
        searchFilter.searchQuery = prompt.text
        searchPending = prompt.text
        return [.search(query: prompt.text, filter: searchFilter)]
    }

    mutating func commitSearch(_ text: String) -> [Effect] {
        let query = text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            // An emptied prompt kept with Enter: the list without a search.
            let hadSearch = savedBeforeSearch?.filter.searchQuery != nil
            savedBeforeSearch = nil
            filter.searchQuery = nil
            return hadSearch ? applyFilter() : []
        }
        filter.searchQuery = query
        savedBeforeSearch = nil
        if searchHistory.last != query {
            searchHistory.removeAll { $0 == query }
            searchHistory.append(query)
        }
        return [.rememberSearch(query)]
    }

    mutating func cancelSearch() -> [Effect] {
        let saved = savedBeforeSearch
        restoreSavedList(clearingSearch: false)
        savedBeforeSearch = nil
        if let pending = searchPending, pending != filter.searchQuery { searchPending = nil }
        guard let saved, let handle = saved.article else { return previewIfNeeded() }
        if article.document?.handle == handle, article.wanted == nil || article.wanted == handle {
            article.scroll = saved.articleScroll
            related.selected = saved.relatedSelected
            related.top = saved.relatedTop
            return []
        }
        // Typing showed other articles: the one from before opens again where it was.
        let effects = show(handle)
        article.pendingScroll = saved.articleScroll
        related.pendingSelection = saved.relatedSelected
        return effects
    }

    /// Back to the list from before the prompt; `clearingSearch` while typing
    /// (an emptied prompt shows the list without any search).
    private mutating func restoreSavedList(clearingSearch: Bool) {
        guard let saved = savedBeforeSearch else { return }
        filter = saved.filter
        list.order = saved.order
        list.selected = saved.selected
        list.top = saved.top
        list.requested.removeAll()
        if clearingSearch, saved.filter.searchQuery != nil {
            // The typed-over kept search: show the list without it while the prompt is empty.
            filter.searchQuery = nil
        }
    }

    /// Shows the selected row's article if another is shown.
    mutating func previewIfNeeded() -> [Effect] {
        guard let handle = list.selectedHandle else { return [] }
        if article.document?.handle == handle || article.wanted == handle { return [] }
        return show(handle)
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

    mutating func searchResultsArrived(query: String, handles: ListOrder) -> [Effect] {
        if searchPending == query { searchPending = nil }
        let wanted = prompt?.kind == .search ? prompt?.text : filter.searchQuery
        guard wanted == query else { return [] }
        // Results of what is being typed start at the top; a kept search run
        // again (the index changed, a filter was picked, a session restored)
        // keeps the selected article, and with it the article's scroll.
        var shown = prompt?.kind == .search ? (savedBeforeSearch?.filter ?? filter) : filter
        shown.searchQuery = query
        var effects = showOrder(handles, keepingSelection: prompt?.kind != .search, of: shown)
        if focus != .list, let handle = list.selectedHandle, article.document?.handle != handle, article.wanted != handle {
            effects += show(handle)
        }
        if handles.isEmpty { message = "No article contains “\(query)”." }
        return effects
    }

    // MARK: - Filters

    /// Loads the list for the current filter (searching again when a search is kept).
    mutating func applyFilter() -> [Effect] {
        savedBeforeSearch = nil
        if let query = filter.searchQuery {
            searchPending = query
            return [.search(query: query, filter: filter)]
        }
        return [.loadOrder(filter)]
    }

    var datesText: String {
        guard filter.since != nil || filter.until != nil else { return "" }
        return (filter.since?.dateString ?? "") + ".." + (filter.until?.dateString ?? "")
    }

    /// A date range typed in the `d` prompt, read: nil sides are open, and
    /// the reason in words when it is not a range.
    static func parseDates(_ text: String) -> (since: SnapshotTime?, until: SnapshotTime?, problem: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return (nil, nil, nil) }
        let parts = trimmed.components(separatedBy: "..")
        guard parts.count <= 2 else { return (nil, nil, "Only one “..”: YYYY-MM-DD..YYYY-MM-DD.") }
        let sinceText = parts[0].trimmingCharacters(in: .whitespaces)
        let untilText = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : sinceText
        let since = sinceText.isEmpty ? nil : SnapshotTime(parsing: sinceText)
        let until = untilText.isEmpty ? nil : SnapshotTime(parsing: untilText)
        for (typed, read) in [(sinceText, since), (untilText, until)] where !typed.isEmpty && read == nil {
            return (nil, nil, "“\(typed)” is not a date: YYYY-MM-DD, either side of .. may be empty.")
        }
        if let since, let until, since.epochSeconds > until.epochSeconds {
            return (nil, nil, "\(sinceText) is after \(untilText): the earlier date goes first.")
        }
        return (since, until, nil)
    }

    /// Why the typed range cannot be applied, if it cannot.
    func datesProblem(_ text: String) -> String? { Self.parseDates(text).problem }

    /// Applies a range that `datesProblem` found nothing wrong with.
    mutating func applyDates(_ text: String) -> [Effect] {
        let parsed = Self.parseDates(text)
        filter.since = parsed.since
        filter.until = parsed.until
        return applyFilter()
    }

    /// Opens a picker; its counts are of what the other filters leave.
    mutating func openPicker(_ kind: FacetKind) -> [Effect] {
        var others = filter
        if kind == .category { others.categories = [] } else { others.source = nil }
        let current = kind == .category ? filter.categories.first : filter.source
        modal = .picker(Picker(kind: kind, items: nil, current: current))
        return [.loadFacets(kind, filter: others)]
    }

    mutating func handlePicker(_ key: Key, _ picker: Picker) -> [Effect] {
        var picker = picker
        let last = max(0, picker.visible.count - 1)
        switch key {
        case .escape, .control("c"), .control("g"):
            modal = nil
            return []
        case .enter:
            modal = nil
            let visible = picker.visible
            guard visible.indices.contains(picker.selected) else { return [] }
            let name = visible[picker.selected].name
            if picker.kind == .category { filter.categories = name.map { [$0] } ?? [] } else { filter.source = name }
            return applyFilter()
        case .up, .control("p"): picker.selected = max(0, picker.selected - 1)
        case .down, .control("n"): picker.selected = min(last, picker.selected + 1)
        case .pageUp: picker.selected = max(0, picker.selected - 10)
        case .pageDown: picker.selected = min(last, picker.selected + 10)
        default:
            // Typing and readline's editing keys (Left, Right, Ctrl-A/E/B/F/W/U/K/Y,
            // Delete), as in the prompts; the choice goes back to the top when the text changes.
            let before = picker.query
            picker.line.handle(key)
            if picker.query != before { picker.selected = 0 }
        }
        modal = .picker(picker)
        return []
    }

    // MARK: - Pipe and save

    mutating func pipeArticle(to command: String) -> [Effect] {
        let command = command.trimmingCharacters(in: .whitespaces)
        guard !command.isEmpty, let document = article.document else { return [] }
        return [.pipe(command: command, text: ArticleExport.plainText(document))]
    }

    mutating func saveArticle(at path: String) -> [Effect] {
        let path = path.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, let document = article.document else { return [] }
        let markdown = path.hasSuffix(".md") || path.hasSuffix(".markdown")
        return [.save(path: path, text: markdown ? ArticleExport.markdown(document) : ArticleExport.plainText(document))]
    }

    // MARK: - Marks

    /// The row the marks keys act on: the list's selection, or the open article.
    var markTarget: ArticleSummary? {
        if focus != .list, let document = article.document { return list.rows[document.handle] }
        return selectedRow
    }

    mutating func toggleBookmark() -> [Effect] {
        guard let row = markTarget else { return [] }
        return [.write(.bookmark(row, on: !row.bookmarked))]
    }

    mutating func toggleRead() -> [Effect] {
        guard let row = markTarget else { return [] }
        return [.write(.read(handle: row.docno, id: row.id, read: !row.read))]
    }

    /// A write's answer: the row changes only when it was written.
    mutating func written(_ write: Write, error: String?) -> [Effect] {
        if let error {
            switch write {
            case .bookmark: message = "bookmark not saved: \(error)"
            case .read, .readAll: message = "read mark not saved: \(error)"
            }
            return []
        }
        switch write {
        case .bookmark(let row, let on):
            list.rows[row.docno]?.bookmarked = on
            message = on ? "Bookmarked: \(row.title)" : "Bookmark removed."
        case .read(let handle, _, let read):
            list.rows[handle]?.read = read
            // `m` says what it did (an opened article is marked without a word).
            if lastAction == .toggleRead { message = read ? "Marked read." : "Marked unread." }
        case .readAll(let handles):
            for handle in handles { list.rows[handle]?.read = true }
            message = handles.count == 1 ? "Marked 1 article read." : "Marked \(handles.count) articles read."
            if filter.unread { return applyFilter() }
        }
        return []
    }
}
