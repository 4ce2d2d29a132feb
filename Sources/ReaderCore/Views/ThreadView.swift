/// The thread over the panes: a title line (the depth, how many stories,
/// the open article's title, the cursor's position), a legend when there is
/// room, then one line a story in publish order: how many links from the
/// open article it is, which way the link to the story one link nearer runs
/// (→ that story links to it, ← it links to that story, ↔ both; ● the open
/// article itself), its date and title. Draws only what `update` put in the state.
enum ThreadView {
    static let openMark = "●"
    static let legend = " ● the open article · → the story one link nearer links to it · ← it links to that story · ↔ both"

    /// Whether the legend line is drawn: only when it leaves six lines for stories.
    static func showsLegend(_ model: ReaderModel) -> Bool { model.height - 3 >= 7 }

    /// The lines for stories: the screen less the bars, the title and the legend.
    static func bodyHeight(_ model: ReaderModel) -> Int { max(1, model.height - 3 - (showsLegend(model) ? 1 : 0)) }

    static func arrow(_ direction: ThreadDirection?) -> String {
        switch direction {
        case .cited?: return "→"
        case .citing?: return "←"
        case .both?: return "↔"
        case nil: return openMark
        }
    }

    static func draw(_ model: ReaderModel, _ state: ThreadState, in rect: Rect, into screen: inout ScreenBuffer) {
        guard rect.height > 0 else { return }
        let stories = state.stories ?? []
        var title = " Thread · depth \(state.depth)"
        if state.stories != nil { title += " · " + (stories.count == 1 ? "1 story" : "\(stories.count) stories") }
        title += " · " + state.title
        TimelineView.titleLine(title, position: stories.isEmpty ? "" : "\(state.selected + 1)/\(stories.count)", in: rect, into: &screen)
        var y = rect.y + 1
        if showsLegend(model), y < rect.maxY {
            screen.write(DisplayWidth.truncate(legend, to: rect.width), x: rect.x, y: y, limit: rect.width, role: .dim)
            y += 1
        }
        let body = Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y)
        guard body.height > 0 else { return }
        guard state.stories != nil else {
            screen.write(" following the links…", x: body.x, y: body.y, limit: body.width, role: .dim)
            return
        }
        if let error = state.error {
            for (offset, line) in LineBreaker.wrap("Cannot follow the links: " + error, width: max(1, body.width - 2)).prefix(body.height).enumerated() {
                screen.write(line, x: body.x + 1, y: body.y + offset, limit: body.width - 1, role: .warning)
            }
            return
        }
        let markWidth = [ThreadDirection.cited, .citing, .both, nil].map { DisplayWidth.of(arrow($0)) }.max() ?? 1
        let end = min(stories.count, state.top + body.height)
        for index in state.top..<max(state.top, end) {
            let story = stories[index]
            let y = body.y + index - state.top
            let isOpen = story.article.docno == state.handle
            var x = body.x + 1
            x += screen.write(String(story.depth), x: x, y: y, limit: max(0, body.maxX - x), role: .meta) + 1
            screen.write(arrow(story.direction), x: x, y: y, limit: max(0, min(markWidth, body.maxX - x)), role: isOpen ? .note : .link)
            x += markWidth + 1
            if body.width >= 30 {
                let date = story.article.publishedAt.map { body.width >= 60 ? $0.dateString : String($0.dateString.dropFirst(2)) }
                    ?? String(repeating: " ", count: body.width >= 60 ? 10 : 8)
                x += screen.write(date, x: x, y: y, limit: max(0, body.maxX - x), role: .meta) + 1
            }
            let room = max(0, body.maxX - x - 1)
            screen.write(DisplayWidth.truncate(story.article.title, to: room), x: x, y: y, limit: room, role: isOpen ? .heading : .normal)
            if index == state.selected { screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: .selection) }
        }
    }

    /// The status bar's hints while the thread is open, from the keymap in force, longest first.
    static func hintChoices(_ model: ReaderModel, _ state: ThreadState) -> [String] {
        let hints = ViewHints(keymap: model.keymap, context: .thread)
        let move = hints.pair(.moveDown, .moveUp, "story")
        let depth = hints.hint(.threadDepth, "depth \(state.nextDepth)")
        let open = hints.hint(.open, "open")
        let close = hints.hint(.close, "close")
        return [hints.join([move, depth, open, close]), hints.join([depth, open, close]), hints.join([open, close]), hints.join([close])]
            .filter { !$0.isEmpty }
    }
}
