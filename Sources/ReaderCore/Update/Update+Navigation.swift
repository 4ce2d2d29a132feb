/// Moving in the panes, opening articles, following links along the trail.
extension ReaderModel {
    mutating func move(by delta: Int) -> [Effect] {
        switch focus {
        case .list:
            guard !list.order.isEmpty else { return [] }
            let target = clamp(list.selected.addingReportingOverflow(delta).overflow ? (delta > 0 ? list.order.count - 1 : 0) : list.selected + delta,
                               0, list.order.count - 1)
            return select(target)
        case .article:
            article.scroll = article.scroll.addingReportingOverflow(delta).overflow ? (delta > 0 ? Int.max / 4 : 0) : article.scroll + delta
            article.scroll = max(0, article.scroll)
        case .related:
            let count = related.entryCount
            guard count > 0 else { return [] }
            related.selected = clamp(related.selected.addingReportingOverflow(delta).overflow ? (delta > 0 ? count - 1 : 0) : related.selected + delta,
                                     0, count - 1)
        }
        return []
    }

    /// `5g` / `5G`: line 5 of the focused pane.
    mutating func jump(toLine line: Int) -> [Effect] {
        switch focus {
        case .list: return list.order.isEmpty ? [] : select(clamp(line, 0, list.order.count - 1))
        case .article: article.scroll = max(0, line)
        case .related: related.selected = max(0, line)
        }
        return []
    }

    /// Space: a page down; at the end of an article, on to the next one.
    mutating func pageDown(times: Int) -> [Effect] {
        if focus == .article, let body = layout.body(of: .article), article.scroll + body.height >= article.lines.count {
            return stepArticle(by: 1)
        }
        return move(by: max(1, paneHeight - 1) * times)
    }

    /// Selects a list row and shows its article: a preview while browsing,
    /// or `reached` (opened: the next article from the article pane).
    mutating func select(_ index: Int, reached: Bool = false) -> [Effect] {
        guard index != list.selected || article.document == nil && article.wanted == nil else { return [] }
        list.selected = index
        return previewSelected(reached: reached)
    }

    /// The next or previous article of the list, from any pane; it is opened (and marked read) when the article pane has focus.
    mutating func stepArticle(by delta: Int) -> [Effect] {
        guard !list.order.isEmpty else { return [] }
        let target = list.selected + delta
        guard list.order.indices.contains(target) else {
            message = delta > 0 ? "This is the last article." : "This is the first article."
            return []
        }
        var effects = select(target, reached: focus != .list)
        if focus != .list { effects += markRead(list.order[target]) }
        return effects
    }

    /// The next or previous unread article of those loaded, then of the list.
    mutating func selectUnread(forward: Bool) -> [Effect] {
        let indices = forward ? Array(stride(from: list.selected + 1, to: list.order.count, by: 1))
                              : Array(stride(from: list.selected - 1, through: 0, by: -1))
        for index in indices {
            guard let row = list.rows[list.order[index]] else {
                message = "Scroll on: rows further away are not loaded yet."
                return []
            }
            if !row.read {
                var effects = select(index, reached: focus != .list)
                if focus != .list { effects += markRead(row.docno) }
                return effects
            }
        }
        message = forward ? "No unread article below." : "No unread article above."
        return []
    }

    mutating func open() -> [Effect] {
        switch focus {
        case .list:
            guard let handle = list.selectedHandle else { return [] }
            var effects: [Effect] = []
            if article.document?.handle != handle && article.wanted != handle {
                effects += show(handle, reached: true)
            } else {
                // The preview is opened: it is the reading place now.
                article.reached = true
                article.wantedReached = true
            }
            // The story it replaces as the one being read is a step back, as
            // when a link is followed from it.
            if let reading = trail.reading, reading.handle != handle {
                trail.back.append(reading)
                trail.forward.removeAll()
            }
            trail.reading = nil
            focus = .article
            return effects + markRead(handle)
        case .article:
            return []
        case .related:
            guard let handle = related.target(at: related.selected) else {
                message = related.isItem(related.selected) ? "That story is not in this corpus." : nil
                return []
            }
            return follow(to: handle)
        }
    }

    /// A read mark, asked of the runtime; the row shows it once written. An
    /// article still loading is marked when it arrives (its id is in it).
    mutating func markRead(_ handle: Int64) -> [Effect] {
        if let document = article.document, document.handle == handle, article.wanted == nil {
            return [.write(.read(handle: handle, id: document.article.id, read: true))]
        }
        if article.wanted == handle {
            article.markReadOnArrival = true
            return []
        }
        guard let id = list.rows[handle]?.id else { return [] }
        return [.write(.read(handle: handle, id: id, read: true))]
    }

    /// Opens another story like following a link in a browser.
    mutating func follow(to handle: Int64) -> [Effect] {
        // The story read before browsing the list comes first on the way back, then the one followed from.
        if let reading = trail.reading, reading.handle != currentLocation?.handle { trail.back.append(reading) }
        trail.reading = nil
        if let here = currentLocation { trail.back.append(here) }
        trail.forward.removeAll()
        var effects = show(handle, reached: true)
        if let index = list.order.firstIndex(of: handle) {
            list.selected = index
        } else {
            message = "This story is not in the current list."
        }
        effects += markRead(handle)
        return effects
    }

    var currentLocation: Location? {
        guard let document = article.document else { return nil }
        return Location(handle: document.handle, listSelected: list.selected, listTop: list.top, articleScroll: article.scroll,
                        relatedSelected: related.selected, focus: focus)
    }

    mutating func goBack() -> [Effect] {
        // Browsing the list left the story being read: back goes to it first,
        // and the rows only looked at are no place on the trail.
        if let reading = trail.reading {
            trail.reading = nil
            return travel(to: reading)
        }
        guard let destination = trail.back.popLast() else {
            message = "Nothing to go back to."
            return []
        }
        if let here = currentLocation { trail.forward.append(here) }
        return travel(to: destination)
    }

    mutating func goForward() -> [Effect] {
        guard let destination = trail.forward.popLast() else {
            message = "Nothing to go forward to."
            return []
        }
        if let here = trail.reading ?? currentLocation { trail.back.append(here) }
        trail.reading = nil
        return travel(to: destination)
    }

    mutating func travel(to location: Location) -> [Effect] {
        let effects = show(location.handle, reached: true)
        if let index = list.order.firstIndex(of: location.handle) {
            list.selected = index
            list.top = location.listTop
        } else {
            // Out of the list (followed out of it, or filtered out since):
            // the list stays on its row; the row the place had then is
            // another story's now.
            message = "This story is not in the current list."
        }
        article.pendingScroll = location.articleScroll
        related.pendingSelection = location.relatedSelected
        focus = location.focus
        return effects
    }

    /// Shows the selected list row's article in the article pane.
    mutating func previewSelected(reached: Bool = false) -> [Effect] {
        guard let handle = list.selectedHandle else {
            article = ArticleState()
            related = RelatedState()
            return []
        }
        return show(handle, reached: reached)
    }

    /// Asks for an article; it replaces the shown one when it arrives.
    /// `reached`: opened, followed or gone back to, so it is the reading
    /// place the trail speaks of. A preview (browsing the list, a filter
    /// taking the open article away) leaves the trail alone and keeps the
    /// place it replaced in `trail.reading`, for back to return to.
    mutating func show(_ handle: Int64, reached: Bool = false) -> [Effect] {
        var reached = reached
        if reached {
            trail.reading = nil
        } else if trail.reading?.handle == handle {
            // Browsing came back to the story being read (or Esc gave back the list it was in): it is read again.
            trail.reading = nil
            reached = true
        } else if trail.reading == nil, article.reached, let here = currentLocation, here.handle != handle {
            trail.reading = here
        }
        article.wantedReached = reached
        article.wanted = handle
        article.markReadOnArrival = false
        article.pendingScroll = nil
        related.pendingSelection = nil
        return [.loadDocument(handle)]
    }

    mutating func documentArrived(_ handle: Int64, _ document: ArticleDocument?, error: String?) -> [Effect] {
        guard article.wanted == handle else { return [] }
        let scroll = article.pendingScroll ?? 0
        let selection = related.pendingSelection
        let markRead = article.markReadOnArrival
        let reached = article.wantedReached
        article = ArticleState()
        article.reached = reached
        related = RelatedState()
        guard let document else {
            message = "Cannot open this article: \(error ?? "unreadable")"
            return []
        }
        article.document = document
        article.scroll = scroll
        related.handle = handle
        related.loading = true
        related.pendingSelection = selection
        if let session = pendingRestore, session.articleID == document.article.id {
            pendingRestore = nil
            article.scroll = session.articleScroll
        }
        if article.scroll > 0 { article.arrivalScroll = article.scroll }
        // Copies first: they head the related pane, so a selection kept on the trail means the same entry.
        var effects: [Effect] = [.loadCopies(handle: handle), .loadRelated(handle: handle)]
        if markRead { effects.append(.write(.read(handle: handle, id: document.article.id, read: true))) }
        return effects
    }

    /// A new list order: the selected article stays selected when still listed, else the first row is.
    /// `shownFilter` is what the order is of: when it changed and the open
    /// article is not in the new list, the article pane follows the list's
    /// selection (a filter never leaves an article open that its list hides).
    mutating func showOrder(_ handles: ListOrder, keepingSelection: Bool, of shownFilter: ReaderFilter) -> [Effect] {
        let current = list.selectedHandle
        let filterChanged = list.shownFilter != shownFilter
        list.shownFilter = shownFilter
        list.order = handles
        list.loaded = true
        list.rows.removeAll(keepingCapacity: true)
        list.requested.removeAll()
        // The open snapshot left the list but its story did not (one row a
        // story, `O`; or a filter another snapshot passes): that row is selected.
        let storyRow = filterChanged ? rowOfOpenStory(in: handles) : nil
        if keepingSelection, let current, let index = handles.firstIndex(of: current) {
            list.selected = index
        } else if let storyRow {
            list.selected = storyRow
        } else {
            list.selected = 0
            list.top = 0
        }
        var effects: [Effect] = []
        if let session = pendingRestore {
            if let id = session.articleID { effects.append(.findArticle(id: id)) } else { pendingRestore = nil }
        }
        let open = article.wanted ?? article.document?.handle
        // Only a new filter moves the article: a link followed out of the list stays open when the index reloads.
        let openLeftTheList = filterChanged && open.map { !handles.contains($0) } == true
        if let handle = list.selectedHandle {
            if article.document?.handle != handle && article.wanted != handle && (focus == .list || article.document == nil || openLeftTheList) {
                // The one-pane view changes under the person's eyes: say why.
                if focus != .list, article.reached, pendingRestore == nil {
                    message = storyRow != nil ? "Filtered out: showing another snapshot of this story." : "Filtered out: showing the list's first."
                }
                effects += show(handle)
            }
        } else if article.document != nil || article.wanted != nil {
            if article.reached, trail.reading == nil { trail.reading = currentLocation }
            article = ArticleState()
            related = RelatedState()
        }
        return effects
    }

    /// The first row of `handles` that is another snapshot of the open
    /// story (its copies, as loaded); nil when none is, or they are not known.
    func rowOfOpenStory(in handles: ListOrder) -> Int? {
        guard let open = article.document?.handle, related.handle == open, !handles.contains(open) else { return nil }
        return related.copies.compactMap { handles.firstIndex(of: $0.docno) }.min()
    }

    mutating func reloadForIndex() -> [Effect] {
        var effects: [Effect] = [.loadSkipped]
        // The open story may have gained or lost snapshots.
        if let handle = article.document?.handle { effects.append(.loadCopies(handle: handle)) }
        if let search = activeSearch {
            searchPending = search.query
            effects.append(.search(query: search.query, filter: search.filter))
        } else if prompt == nil {
            effects.append(.loadOrder(filter))
        }
        return effects
    }

    mutating func jumpToHit(forward: Bool) {
        guard !highlightTerms.isEmpty, layout.body(of: .article) != nil else {
            message = "No search: / searches."
            return
        }
        let lines = article.lines
        let hits = lines.indices.filter { index in lines[index].spans.contains { $0.role == .searchHit } }
        guard !hits.isEmpty else {
            message = "No hit in this article."
            return
        }
        let shown = article.scroll..<(article.scroll + max(1, layout.body(of: .article)?.height ?? 1))
        let next: Int?
        if let line = article.hitLine, shown.contains(line), let current = hits.firstIndex(of: line) {
            next = forward ? (current + 1 < hits.count ? current + 1 : nil) : (current > 0 ? current - 1 : nil)
        } else {
            // From what is in view: a hit put on its second line was the last
            // one gone to, so forward is below that line, back is above the top.
            next = forward ? hits.firstIndex { $0 > article.scroll + 1 } : hits.lastIndex { $0 < article.scroll }
        }
        guard let next else {
            message = forward ? "No more hits below (\(hits.count) in all)." : "No more hits above (\(hits.count) in all)."
            return
        }
        article.hitLine = hits[next]
        article.scroll = max(0, hits[next] - 1)
        message = "hit \(next + 1)/\(hits.count)"
    }
}
