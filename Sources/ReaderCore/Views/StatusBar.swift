/// The bottom line: the focused pane, the position, the filter and the trail
/// on the left; a message, or hints from the keymap for the focused pane, on
/// the right. An open prompt takes the whole line.
enum StatusBar {
    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        if let prompt = model.prompt {
            PromptView.draw(model, prompt, in: rect, into: &screen)
            return
        }
        screen.fill(rect, role: .status)
        let parts = leftParts(model)
        if let message = model.message {
            let line = withMessage(parts, message, width: rect.width)
            screen.write(line, x: 0, y: rect.y, limit: rect.width, role: .statusMessage)
            return
        }
        let left = parts.map(\.text).joined()
        let leftWidth = DisplayWidth.of(left)
        screen.write(DisplayWidth.truncate(left, to: rect.width), x: 0, y: rect.y, limit: rect.width, role: .status)
        let hints = hintChoices(model)
        if let fitting = hints.first(where: { leftWidth + DisplayWidth.of($0) + 3 <= rect.width }) {
            let width = DisplayWidth.of(fitting)
            screen.write(fitting, x: rect.width - width - 1, y: rect.y, limit: width, role: .status)
        }
    }

    /// What the left of the line says, each part with how much it matters
    /// beside a message (the lowest goes first when the line is short).
    static func leftParts(_ model: ReaderModel) -> [(text: String, rank: Int)] {
        var parts: [(text: String, rank: Int)] = [(" [\(model.focus.name)]", 5)]
        if model.focus == .list, !model.list.order.isEmpty { parts.append((" \(model.list.selected + 1)/\(model.list.order.count)", 2)) }
        if !model.filter.isEmpty { parts.append((" · " + model.filter.summary, 3)) }
        if let pending = model.searchPending, pending == model.filter.searchQuery { parts.append((" (searching…)", 1)) }
        if !model.trail.back.isEmpty || !model.trail.forward.isEmpty {
            parts.append((" · trail \(model.trail.back.count)←→\(model.trail.forward.count)", 0))
        }
        // A count being typed is what the next key acts on: it goes last.
        if let count = model.countPrefix { parts.append((" · \(count)", 4)) }
        return parts
    }

    /// The left parts and the message on one line of `width`: the message
    /// comes first, so the parts that matter least give way to it (the trail,
    /// then the search state, the position, the filter); a message longer
    /// than the line is cut with `…` at a character boundary.
    static func withMessage(_ parts: [(text: String, rank: Int)], _ message: String, width: Int) -> String {
        var kept = parts
        let messageWidth = DisplayWidth.of(message)
        while !kept.isEmpty, DisplayWidth.of(kept.map(\.text).joined()) + 2 + messageWidth > width {
            guard let lowest = kept.indices.min(by: { kept[$0].rank < kept[$1].rank }) else { break }
            kept.remove(at: lowest)
        }
        if kept.isEmpty { return " " + DisplayWidth.truncate(message, to: max(0, width - 1)) }
        return kept.map(\.text).joined() + "  " + message
    }

    /// Hints from the keymap in force for the focused pane, longest first:
    /// a hint is shown only for an action some key does there.
    static func hintChoices(_ model: ReaderModel) -> [String] {
        let context = model.context
        let zoomedAway = model.layout.isZoomed && model.focus != .list
        func hint(_ action: Action, _ label: String) -> String? {
            var keys = model.keymap.keys(for: action, in: context)
            if action == .quit, zoomedAway {
                // One pane at a time: q (and Esc) go back to the list.
                keys += model.keymap.keys(for: .close, in: context).filter { !keys.contains($0) }
            }
            guard let key = keys.first else { return nil }
            return key.name + " " + (action == .quit && zoomedAway ? "list" : label)
        }
        func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.joined(separator: "  ") }
        func trail() -> String? {
            guard let back = model.keymap.keys(for: .back, in: context).first,
                  let forward = model.keymap.keys(for: .forward, in: context).first else { return nil }
            return back.name + "/" + forward.name + " trail"
        }
        // The copies keys, where they work: D when the open story has other
        // snapshots, z in the article, O in the list when rows have copies.
        let hasCopies = !model.related.copies.isEmpty
        let diff = hasCopies ? hint(.diff, "diff") : nil
        switch model.modal {
        case .help?, .skipped?, .diff?:
            let closing = model.keymap.keys(for: .close, in: .help)
            let close = (closing.contains(.escape) ? Key.escape : closing.first).map { $0.name + " close" }
            return [join([close, "j/k scroll"]), join([close])].filter { !$0.isEmpty }
        case .picker?:
            return ["↑↓ choose  Enter apply  Esc close", "Enter apply  Esc close", "Esc close"]
        case .confirm?:
            return ["y yes  n no"]
        case .problems(let problems)?:
            let closing = model.keymap.keys(for: .close, in: .help)
            let close = (closing.contains(.escape) ? Key.escape : closing.first).map { $0.name + " close" }
            return problems.isLast ? ["any key close"] : [join(["any key next", close.map { $0 + " all" }]), "any key next"]
        case .timeline(let state)?:
            return TimelineView.hintChoices(model, state)
        case .thread(let state)?:
            return ThreadView.hintChoices(model, state)
        default:
            break
        }
        switch model.focus {
        case .list:
            let distinct = model.filter.distinct || (model.selectedRow?.copies ?? 0) > 0
                ? hint(.distinct, model.filter.distinct ? "all copies" : "one a story") : nil
            return [distinct.map { join([hint(.open, "open"), $0, hint(.nextPane, "pane"), hint(.help, "help"), hint(.quit, "quit")]) }].compactMap { $0 } + [
                    join([hint(.open, "open"), hint(.nextPane, "pane"), hint(.back, "back"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.open, "open"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help")])].filter { !$0.isEmpty }
        case .article:
            return [join([hint(.nextArticle, "next"), diff, hint(.cycleScript, "script"), hint(.back, "back"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.nextArticle, "next"), diff, hint(.cycleScript, "script"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.nextArticle, "next"), hint(.nextPane, "pane"), hint(.back, "back"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help")])].filter { !$0.isEmpty }
        case .related:
            let onCopy = model.related.isCopy(model.related.selected)
            let copyHints: String? = onCopy ? join([hint(.open, "open"), diff, hint(.back, "back"), hint(.nextPane, "pane"), hint(.help, "help"),
                                                    hint(.quit, "quit")]) : nil
            let copyShort: String? = onCopy ? join([hint(.open, "open"), diff, hint(.help, "help")]) : nil
            return [copyHints, copyShort].compactMap { $0 } + [join([hint(.open, "follow"), hint(.back, "back"), hint(.forward, "forward"), hint(.nextPane, "pane"), hint(.help, "help"),
                          hint(.quit, "quit")]),
                    join([hint(.open, "follow"), trail(), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.open, "follow"), trail(), hint(.help, "help")]),
                    join([hint(.open, "follow"), hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help"), hint(.quit, "quit")]),
                    join([hint(.help, "help")])].filter { !$0.isEmpty }
        }
    }
}
