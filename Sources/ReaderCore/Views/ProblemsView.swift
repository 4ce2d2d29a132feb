/// A problem found at start, in a box over the panes: which of how many in
/// the border, the problem wrapped inside (never cut at 40 columns).
enum ProblemsView {
    static func draw(_ problems: ProblemList, in area: Rect, into screen: inout ScreenBuffer) {
        let text = problems.current
        // As wide as the text wants, up to the screen's width (less a margin
        // on a wide one): a long path (the user's data) stays on one line where it can.
        let widest = area.width >= 60 ? area.width - 4 : area.width
        let width = min(area.width, max(30, min(widest, DisplayWidth.of(text) + 4)))
        var lines = LineBreaker.wrap(text, width: max(1, width - 4))
        let box = Box.centred(width: width, height: lines.count + 2, in: area)
        let title = problems.lines.count > 1 ? "Problem \(problems.index + 1)/\(problems.lines.count)" : "Problem"
        let inside = Box.draw(box, title: title, into: &screen)
        // Taller than the screen (a long one at 40x12): the last line shown says there is more (stderr has it whole).
        if lines.count > inside.height, inside.height > 0 {
            lines[inside.height - 1] = DisplayWidth.truncate(lines[inside.height - 1] + " …", to: max(1, width - 4))
        }
        for (offset, line) in lines.prefix(inside.height).enumerated() {
            screen.write(line, x: inside.x + 1, y: inside.y + offset, limit: max(0, inside.width - 1), role: .help)
        }
    }
}
