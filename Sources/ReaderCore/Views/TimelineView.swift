/// The timeline over the panes: a title line (the period counted by, how
/// many articles, the cursor's position), then one line a period, oldest
/// first, empty periods included: its label, its count and a bar of block
/// characters in proportion to the largest count, eighth blocks for the
/// remainder. The selected article's period is marked ●, the cursor's
/// period highlighted. Draws only what `update` put in the state.
enum TimelineView {
    /// A bar's remainder in eighths of a cell: ▏ is one eighth, ▉ seven.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let anchorMark = "●"

    /// The lines for periods: the screen less the top bar, the status bar and the title line.
    static func bodyHeight(_ model: ReaderModel) -> Int { max(1, model.height - 3) }

    static func draw(_ model: ReaderModel, _ state: TimelineState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard rect.height > 0 else { return }
        let periods = state.timeline?.periods ?? []
        var title = " Timeline by \(state.granularity.rawValue)"
        if let timeline = state.timeline {
            let dated = timeline.total - timeline.undated
            title += " · " + (dated == 1 ? "1 article" : "\(dated) articles")
            if timeline.undated > 0 { title += " · \(timeline.undated) undated" }
        }
        let position = periods.isEmpty ? "" : "\(state.selected + 1)/\(periods.count)"
        titleLine(title, position: position, in: rect, into: &screen)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard body.height > 0 else { return }
        guard let timeline = state.timeline else {
            screen.write(" counting…", x: body.x, y: body.y, limit: body.width, role: .dim)
            return
        }
        if let error = state.error {
            for (offset, line) in LineBreaker.wrap("Cannot count: " + error, width: max(1, body.width - 2)).prefix(body.height).enumerated() {
                screen.write(line, x: body.x + 1, y: body.y + offset, limit: body.width - 1, role: .warning)
            }
            return
        }
        guard !periods.isEmpty else {
            screen.write(" no article here has a publish time", x: body.x, y: body.y, limit: body.width, role: .dim)
            return
        }
        // Columns: a space, the mark, a space, the label, two spaces, the count, a space, the bar.
        let markWidth = DisplayWidth.of(anchorMark)
        let labelWidth = periods.map { DisplayWidth.of($0.label) }.max() ?? 0
        let largest = timeline.largestCount
        let countWidth = String(largest).count
        let barStart = 1 + markWidth + 1 + labelWidth + 2 + countWidth + 1
        let blockWidth = DisplayWidth.of("█")
        let barCells = max(0, (body.width - barStart - 1) / max(1, blockWidth))
        let anchor = state.anchorPeriod
        let end = min(periods.count, state.top + body.height)
        for index in state.top..<max(state.top, end) {
            let period = periods[index]
            let y = body.y + index - state.top
            var x = body.x + 1
            if index == anchor { screen.write(anchorMark, x: x, y: y, limit: markWidth, role: .note) }
            x += markWidth + 1
            screen.write(period.label, x: x, y: y, limit: max(0, body.maxX - x), role: .meta)
            x += labelWidth + 2
            let count = String(period.count)
            screen.write(count, x: x + countWidth - count.count, y: y, limit: max(0, body.maxX - x - countWidth + count.count), role: period.count > 0 ? .normal : .dim)
            x += countWidth + 1
            let bar = bar(period.count, of: largest, cells: barCells)
            if !bar.isEmpty { screen.write(bar, x: x, y: y, limit: max(0, body.maxX - x - 1), role: .link) }
            if index == state.selected { screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: .selection) }
        }
    }

    /// `count` in proportion to `largest` over `cells` block cells; a count
    /// above zero always shows at least an eighth.
    static func bar(_ count: Int, of largest: Int, cells: Int) -> String {
        guard count > 0, largest > 0, cells > 0 else { return "" }
        let units = max(1, Int((Double(count) * Double(cells * 8) / Double(largest)).rounded()))
        var bar = String(repeating: "█", count: units / 8)
        if units % 8 > 0 { bar.append(eighths[units % 8 - 1]) }
        return bar
    }

    /// The view's first line: its title on the left, the position on the right.
    static func titleLine(_ title: String, position: String, in rect: Rect, into screen: inout ScreenBuffer) {
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), role: .paneTitleFocused)
        let positionWidth = DisplayWidth.of(position)
        let room = max(0, rect.width - (positionWidth > 0 ? positionWidth + 2 : 0))
        screen.write(DisplayWidth.truncate(title, to: room), x: rect.x, y: rect.y, limit: room, role: .paneTitleFocused)
        if positionWidth > 0, positionWidth + 1 <= rect.width {
            screen.write(position, x: rect.maxX - positionWidth - 1, y: rect.y, limit: positionWidth, role: .paneTitleFocused)
        }
    }

    /// The status bar's hints while the timeline is open, from the keymap in force, longest first.
    static func hintChoices(_ model: ReaderModel, _ state: TimelineState) -> [String] {
        let hints = ViewHints(keymap: model.keymap, context: .timeline)
        let move = hints.pair(.moveDown, .moveUp, "period")
        let period = hints.hint(.timelinePeriod, "by " + state.nextGranularity.rawValue)
        let narrow = hints.hint(.open, "narrow")
        let close = hints.hint(.close, "close")
        return [hints.join([move, period, narrow, close]), hints.join([period, narrow, close]), hints.join([narrow, close]), hints.join([close])]
            .filter { !$0.isEmpty }
    }
}

/// Hints for a view's status bar, named by the keys its context binds.
struct ViewHints {
    let keymap: Keymap
    let context: KeyContext

    /// `KEY label` for the first key of an action; Esc first for closing, as every popup says it.
    func hint(_ action: Action, _ label: String) -> String? {
        let keys = keymap.keys(for: action, in: context)
        let key = action == .close && keys.contains(.escape) ? Key.escape : keys.first
        return key.map { $0.name + " " + label }
    }

    /// `j/k label` for two actions that go either way.
    func pair(_ forward: Action, _ backward: Action, _ label: String) -> String? {
        guard let one = keymap.keys(for: forward, in: context).first, let other = keymap.keys(for: backward, in: context).first else { return nil }
        return one.name + "/" + other.name + " " + label
    }

    func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.joined(separator: "  ") }
}
