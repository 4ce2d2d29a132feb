/// The help screen, generated from the keymap in force: each context's keys,
/// the action's config name and what it does (wrapped), scrolled, with where
/// it is shown on its title line.
enum HelpView {
    static let title = " Keys (generated from the keymap in force; Esc closes)"

    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        guard case .help(let scroll)? = model.modal else { return }
        OverlayText.draw(title: title, lines: lines(model, width: rect.width), scroll: scroll, in: rect, into: &screen)
    }

    static func maxScroll(_ model: ReaderModel) -> Int {
        OverlayText.maxScroll(lines: lines(model, width: model.width).count, height: model.height - 2)
    }

    /// The lines below the title, for a width.
    static func lines(_ model: ReaderModel, width: Int) -> [(String, Role)] {
        var lines: [(String, Role)] = [("", .normal)]
        let wide = width >= 72
        let keyColumn = 22, nameColumn = 18
        var lastContext: String?
        let fixed = fixedKeys.map { (keys: $0.keys, summary: $0.summary, context: $0.context, name: "(fixed)") }
        let mapped = model.keymap.helpLines().map { (keys: $0.keys, summary: $0.summary, context: $0.context.rawValue.capitalized,
                                                     name: $0.action?.configName ?? "none") }
        for entry in mapped + fixed {
            if entry.context != lastContext {
                if lastContext != nil { lines.append(("", .normal)) }
                lines.append((" " + entry.context, .heading))
                lastContext = entry.context
            }
            let name = entry.name
            if wide {
                let keys = DisplayWidth.truncate(entry.keys, to: keyColumn - 1)
                let lead = "   " + pad(keys, keyColumn) + pad(name, nameColumn)
                let summaryWidth = max(10, width - DisplayWidth.of(lead) - 1)
                for (index, part) in LineBreaker.wrap(entry.summary, width: summaryWidth).enumerated() {
                    lines.append(((index == 0 ? lead : String(repeating: " ", count: DisplayWidth.of(lead))) + part, .help))
                }
            } else {
                lines.append(("   " + entry.keys + "  " + name, .help))
                for part in LineBreaker.wrap(entry.summary, width: max(8, width - 7)) { lines.append(("      " + part, .dim)) }
            }
        }
        return lines
    }

    /// Keys of the prompts, the pickers, the diff view and the problem box:
    /// not in the keymap (config.toml does not rebind them), listed after it.
    static let fixedKeys: [(context: String, keys: String, summary: String)] = [
        ("Prompts and pickers", "Left Right Home End", "move in the line; Ctrl-A and Ctrl-E go to its start and end"),
        ("Prompts and pickers", "Ctrl-W Ctrl-U Ctrl-K", "delete the word before, the line before, the line after; Ctrl-Y puts it back"),
        ("Prompts and pickers", "Up Down", "the search prompt: earlier searches kept with Enter; a picker: choose"),
        ("Prompts and pickers", "Enter", "keep the search, apply the filter, run or save"),
        ("Prompts and pickers", "Esc Ctrl-C Ctrl-G", "close and give back what was there before"),
        ("Diff view", "j k PgDn PgUp g G", "scroll"),
        ("Diff view", "D Esc", "close"),
        ("Problem box", "any key", "the next problem; Esc closes them all"),
    ]

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.of(text)))
    }
}

/// A full-screen text overlay (help, skipped files, the diff): a fixed title
/// line saying where the view is (`3-12/40 ↓ more`, `… end`), and the lines
/// below it from a scroll, each span in its role and cut at the edge.
enum OverlayText {
    /// Lines of one role each (help, skipped files).
    static func draw(title: String, lines: [(String, Role)], scroll: Int, in rect: Rect, into screen: inout ScreenBuffer) {
        draw(title: title, styled: lines.map { StyledLine([$0]) }, scroll: scroll, in: rect, into: &screen)
    }

    /// Lines of spans (the diff's marks in their roles).
    static func draw(title: String, styled lines: [StyledLine], scroll: Int, in rect: Rect, into screen: inout ScreenBuffer) {
        guard rect.height > 0 else { return }
        let body = max(0, rect.height - 1)
        let scroll = min(scroll, maxScroll(lines: lines.count, height: rect.height))
        var position = ""
        if lines.count > body, body > 0 {
            let last = min(lines.count, scroll + body)
            position = "\(scroll + 1)-\(last)/\(lines.count) " + (last < lines.count ? "↓ more" : "end")
        }
        let positionWidth = DisplayWidth.of(position)
        let titleRoom = max(0, rect.width - (positionWidth > 0 ? positionWidth + 2 : 0))
        screen.write(DisplayWidth.truncate(title, to: titleRoom), x: rect.x, y: rect.y, limit: titleRoom, role: .title)
        if positionWidth > 0, positionWidth + 1 <= rect.width {
            screen.write(position, x: rect.maxX - positionWidth - 1, y: rect.y, limit: positionWidth, role: .dim)
        }
        for row in 0..<body {
            let index = scroll + row
            guard index < lines.count else { break }
            var x = rect.x
            for span in lines[index].spans {
                x += screen.write(DisplayWidth.truncate(span.text, to: max(0, rect.maxX - x)), x: x, y: rect.y + 1 + row,
                                  limit: max(0, rect.maxX - x), role: span.role)
            }
        }
    }

    /// How far a view of `lines` scrolls in a rectangle `height` rows high (its title takes one).
    static func maxScroll(lines: Int, height: Int) -> Int {
        max(0, lines - max(1, height - 1))
    }
}
