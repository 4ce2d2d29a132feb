/// The timeline view: opening it on the list as it is, moving through the
/// periods, changing the period, and Enter narrowing the list to one.
extension ReaderModel {
    /// The period a timeline opens by.
    static let firstGranularity: TimelineGranularity = .month

    mutating func openTimeline() -> [Effect] {
        guard !list.order.isEmpty else {
            message = "No articles shown: nothing to count."
            return []
        }
        // The article the cursor is on: the list's selection, or the open one when it has focus.
        let anchor = focus == .list ? (selectedRow?.publishedAt ?? article.document?.article.publishedAt)
                                    : (article.document?.article.publishedAt ?? selectedRow?.publishedAt)
        let state = TimelineState(granularity: Self.firstGranularity, anchor: anchor)
        modal = .timeline(state)
        return [.loadTimeline(handles: list.order, by: state.granularity)]
    }

    /// The counts arrived: the cursor goes to the period it was on, else the
    /// selected article's, else the newest.
    mutating func timelineArrived(_ timeline: Timeline, error: String?) -> [Effect] {
        guard case .timeline(var state)? = modal, state.granularity == timeline.granularity else { return [] }
        let first = state.timeline == nil
        state.timeline = timeline
        state.error = error
        if let day = state.pendingDay, let first = timeline.periods.first, let last = timeline.periods.last {
            state.selected = day < first.firstDay ? 0 : day > last.lastDay ? timeline.periods.count - 1
                : timeline.periodIndex(of: TimelineCalendar.date(ofDay: day)) ?? state.selected
            state.pendingDay = nil
        } else if first {
            state.selected = state.anchorPeriod ?? max(0, timeline.periods.count - 1)
        }
        modal = .timeline(state)
        return []
    }

    /// The list changed under an open timeline (the index grew, a search came back): count it again.
    mutating func timelineListChanged() -> [Effect] {
        guard case .timeline(var state)? = modal else { return [] }
        if let periods = state.timeline?.periods, periods.indices.contains(state.selected) { state.pendingDay = periods[state.selected].firstDay }
        modal = .timeline(state)
        return [.loadTimeline(handles: list.order, by: state.granularity)]
    }

    mutating func handleTimeline(_ key: Key, _ state: TimelineState) -> [Effect] {
        var state = state
        let action = keymap.action(for: key, in: .timeline)
        if let moved = Self.movedCursor(state.selected, by: action, count: state.timeline?.periods.count ?? 0, page: TimelineView.bodyHeight(self) - 1) {
            state.selected = moved
            modal = .timeline(state)
            return []
        }
        switch action {
        case .close?, .timeline?:
            modal = nil
            return []
        case .quit?: return [.quit]
        case .timelinePeriod?:
            // The cursor stays on the selected article's period when it is there, else on the period's first day.
            if let periods = state.timeline?.periods, periods.indices.contains(state.selected) {
                let period = periods[state.selected]
                let anchorDay = state.anchor.map(TimelineCalendar.day(of:))
                state.pendingDay = anchorDay.flatMap { period.firstDay...period.lastDay ~= $0 ? $0 : nil } ?? period.firstDay
            }
            state.granularity = state.nextGranularity
            state.timeline = nil
            state.error = nil
            modal = .timeline(state)
            return [.loadTimeline(handles: list.order, by: state.granularity)]
        case .open?:
            return narrow(to: state)
        default:
            message = "\(key.name) is not bound in the timeline; ? in the panes shows the keys"
        }
        modal = .timeline(state)
        return []
    }

    /// Enter: the selected period becomes the date filter, within the dates
    /// already filtered by (the first and last periods may reach past them).
    mutating func narrow(to state: TimelineState) -> [Effect] {
        guard let periods = state.timeline?.periods, periods.indices.contains(state.selected) else { return [] }
        let period = periods[state.selected]
        guard period.count > 0 else {
            message = "No articles in \(period.label): nothing to narrow to."
            return []
        }
        modal = nil
        var since = period.start
        var until = period.end
        if let current = filter.since, current > since { since = current }
        if let current = filter.until, current < until { until = current }
        filter.since = since
        filter.until = until
        message = "Narrowed to \(period.label) (\(period.count) \(period.count == 1 ? "article" : "articles")); d changes the dates, C clears"
        return applyFilter()
    }

    /// Where a cursor motion (down, up, a page, half a page, the top, the
    /// bottom) takes the cursor of a list of `count` rows that shows `page`
    /// rows a screen; nil when `action` is not a motion. The timeline and
    /// the thread move alike.
    static func movedCursor(_ selected: Int, by action: Action?, count: Int, page: Int) -> Int? {
        let last = max(0, count - 1)
        let page = max(1, page)
        switch action {
        case .moveDown?: return min(last, selected + 1)
        case .moveUp?: return max(0, selected - 1)
        case .pageDown?: return min(last, selected + page)
        case .pageUp?: return max(0, selected - page)
        case .halfPageDown?: return min(last, selected + max(1, page / 2))
        case .halfPageUp?: return max(0, selected - max(1, page / 2))
        case .top?: return 0
        case .bottom?: return last
        default: return nil
        }
    }

    /// Clamps the timeline's and the thread's cursor and scroll to what they show (called by `settle`).
    mutating func settleTimelineAndThread() {
        switch modal {
        case .timeline(var state)?:
            let count = state.timeline?.periods.count ?? 0
            let rows = TimelineView.bodyHeight(self)
            state.selected = clamp(state.selected, 0, max(0, count - 1))
            if state.selected < state.top { state.top = state.selected }
            if state.selected >= state.top + rows { state.top = state.selected - rows + 1 }
            state.top = clamp(state.top, 0, max(0, count - rows))
            modal = .timeline(state)
        case .thread(var state)?:
            let count = state.stories?.count ?? 0
            let rows = ThreadView.bodyHeight(self)
            state.selected = clamp(state.selected, 0, max(0, count - 1))
            if state.selected < state.top { state.top = state.selected }
            if state.selected >= state.top + rows { state.top = state.selected - rows + 1 }
            state.top = clamp(state.top, 0, max(0, count - rows))
            modal = .thread(state)
        default:
            break
        }
    }
}
