/// The files that are not snapshots, with the reason, full screen.
enum SkippedView {
    static let title = " Files that are not snapshots (Esc closes)"

    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        guard case .skipped(let scroll)? = model.modal else { return }
        OverlayText.draw(title: title, lines: lines(model, width: rect.width), scroll: scroll, in: rect, into: &screen)
    }

    static func maxScroll(_ model: ReaderModel) -> Int {
        OverlayText.maxScroll(lines: lines(model, width: model.width).count, height: model.height - 2)
    }

    static func lines(_ model: ReaderModel, width: Int) -> [(String, Role)] {
        var lines: [(String, Role)] = [("", .normal)]
        if model.skipped.isEmpty { lines.append(("   none: every file is a snapshot", .dim)) }
        for file in model.skipped {
            lines.append(("   " + file.path, .warning))
            for line in LineBreaker.wrap(file.reason, width: max(1, width - 6)) { lines.append(("      " + line, .dim)) }
        }
        return lines
    }
}
