/// Keys: the modal first, then the keymap of the focused pane.
extension ReaderModel {
    mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .resize { return [.redraw] }
        // A redraw draws the same screen: the message, an open question and a typed count all stay.
        // Ctrl-L redraws everywhere, a prompt or a question included; another key bound to it only where keys are actions.
        if key == .control("l") || (modal == nil && countPrefix == nil && keymap.action(for: key, in: context) == .redraw) { return [.redraw] }
        if case .mouse(let event) = key { return handleMouse(event) }
        let hadMessage = message != nil
        message = nil
        switch modal {
        case .prompt(let prompt)?: return handlePrompt(key, prompt)
        case .picker(let picker)?: return handlePicker(key, picker)
        case .confirm(let confirm)?: return handleConfirm(key, confirm)
        case .help(let scroll)?, .skipped(let scroll)?: return handleOverlay(key, scroll: scroll)
        case .timeline(let state)?: return handleTimeline(key, state)
        case .thread(let state)?: return handleThread(key, state)
        case .diff(let state)?: return handleDiff(key, state)
        case .problems(let problems)?: return handleProblems(key, problems)
        case nil: break
        }
        if case .character(let digit) = key, let value = digit.wholeNumberValue, digit.isASCII,
           countPrefix != nil || (value > 0 && keymap.action(for: key, in: context) == nil) {
            countPrefix = min(99_999, (countPrefix ?? 0) * 10 + value)
            return []
        }
        let count = countPrefix
        countPrefix = nil
        lastAction = keymap.action(for: key, in: context)
        guard let action = lastAction else {
            message = "\(key.name) is not bound here; ? shows the keys"
            return []
        }
        return perform(action, count: count, hadMessage: hadMessage)
    }

    /// The help or skipped-files screen: scroll, or close.
    mutating func handleOverlay(_ key: Key, scroll: Int) -> [Effect] {
        let page = max(1, height - 4)
        var scroll = scroll
        switch keymap.action(for: key, in: .help) {
        case .close?, .help?, .showSkipped?:
            modal = nil
            return []
        case .quit?: return [.quit]
        case .moveDown?: scroll += 1
        case .moveUp?: scroll = max(0, scroll - 1)
        case .pageDown?: scroll += page
        case .pageUp?: scroll = max(0, scroll - page)
        case .top?: scroll = 0
        case .bottom?: scroll = Int.max / 2
        default: break
        }
        if case .skipped? = modal { modal = .skipped(scroll: scroll) } else { modal = .help(scroll: scroll) }
        return []
    }

    mutating func perform(_ action: Action, count: Int?, hadMessage: Bool) -> [Effect] {
        let times = max(1, count ?? 1)
        switch action {
        case .quit:
            // One pane at a time: q leaves the article for the list, as a pager does.
            if layout.isZoomed, focus != .list {
                focus = .list
                return []
            }
            return [.quit]
        case .suspend: return [.suspend]
        case .redraw: return [.redraw]
        case .help: modal = .help(scroll: 0)
        case .showSkipped: modal = .skipped(scroll: 0)
        case .close:
            if !hadMessage, layout.isZoomed, focus != .list { focus = .list }
        case .nextPane: cycleFocus(by: 1)
        case .previousPane: cycleFocus(by: -1)
        case .focusList: focus = .list
        case .focusArticle: focus = .article
        case .focusRelated: focus = .related
        case .back: return goBack()
        case .forward: return goForward()
        case .open: return open()
        case .search: return startSearch()
        case .nextHit: jumpToHit(forward: true)
        case .previousHit: jumpToHit(forward: false)
        case .pickCategory: return openPicker(.category)
        case .pickSource: return openPicker(.source)
        case .pickDates: modal = .prompt(Prompt(kind: .dates, text: datesText))
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
            guard let url = article.document?.article.snapshot.originalURL else {
                message = "This article has no original address."
                return []
            }
            if action == .copyURL { message = "Copied the original address." }
            return [action == .openURL ? .openURL(url) : .copy(url)]
        case .cycleTheme: return [.cycleTheme]
        case .moveDown: return move(by: times)
        case .moveUp: return move(by: -times)
        case .pageDown: return pageDown(times: times)
        case .pageUp: return move(by: -max(1, paneHeight - 1) * times)
        case .halfPageDown: return move(by: max(1, paneHeight / 2) * times)
        case .halfPageUp: return move(by: -max(1, paneHeight / 2) * times)
        case .top: return count.map { jump(toLine: $0 - 1) } ?? move(by: Int.min / 2)
        case .bottom: return count.map { jump(toLine: $0 - 1) } ?? move(by: Int.max / 2)
        case .nextUnread: return selectUnread(forward: true)
        case .previousUnread: return selectUnread(forward: false)
        case .nextArticle: return stepArticle(by: times)
        case .previousArticle: return stepArticle(by: -times)
        case .markAllRead:
            guard !list.order.isEmpty else {
                message = "No articles shown."
                return []
            }
            let shown = list.order.count == 1 ? "the 1 article shown" : "all \(list.order.count) articles shown"
            modal = .confirm(Confirm(action: .markAllRead, question: "Mark \(shown) as read? (y/n)"))
        case .pipe:
            guard article.document != nil else {
                message = "No article open to pipe."
                return []
            }
            modal = .prompt(Prompt(kind: .pipe, text: ""))
        case .save:
            guard let document = article.document else {
                message = "No article open to save."
                return []
            }
            let name = (document.path.split(separator: "/").last.map(String.init) ?? "article")
            let stem = name.hasSuffix(".txt") ? String(name.dropLast(4)) : name
            modal = .prompt(Prompt(kind: .save, text: stem + ".md"))
        case .timeline: return openTimeline()
        case .thread: return openThread()
        case .timelinePeriod, .threadDepth:
            let opener = keymap.keys(for: action == .timelinePeriod ? .timeline : .thread, in: context).first.map { " (\($0.name))" } ?? ""
            message = action == .timelinePeriod ? "That changes the period in the timeline\(opener)." : "That changes the depth in the thread\(opener)."
        case .distinct: return toggleDistinct()
        case .diff: return openDiff()
        case .cycleScript: return cycleScript()
        }
        return []
    }

    mutating func handleConfirm(_ key: Key, _ confirm: Confirm) -> [Effect] {
        switch key {
        case .character("y"), .character("Y"):
            modal = nil
            switch confirm.action {
            case .markAllRead:
                return [.write(.readAll(handles: list.order))]
            case .overwrite(let path, let text):
                return [.overwrite(path: path, text: text)]
            }
        case .character("n"), .character("N"), .escape, .control("c"), .control("g"):
            modal = nil
            switch confirm.action {
            case .markAllRead: message = "Nothing marked."
            case .overwrite(let path, _): message = "Not saved: \(path) is as it was."
            }
        default:
            message = confirm.question
        }
        return []
    }

    mutating func cycleFocus(by step: Int) {
        let panes = Pane.allCases
        let index = panes.firstIndex(of: focus) ?? 0
        focus = panes[(index + step + panes.count) % panes.count]
    }

    var paneHeight: Int { layout.body(of: focus)?.height ?? 1 }
}
