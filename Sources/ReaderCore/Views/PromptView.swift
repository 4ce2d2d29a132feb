/// A prompt on the bottom line: its label, the text typed (its end kept in
/// view), and what Enter and Esc do.
enum PromptView {
    static func draw(_ model: ReaderModel, _ prompt: Prompt, in rect: Rect, into screen: inout ScreenBuffer) {
        screen.fill(rect, role: .status)
        let label: String
        let hint: String
        switch prompt.kind {
        case .search:
            label = " /"
            let found = model.searchPending == prompt.text ? "searching…" : "\(model.list.order.count) found"
            hint = found + " · Enter keeps · Esc restores · ↑↓ history"
        case .dates:
            // Under 60 columns the format would leave a few columns to type in: it goes to the hint (and to the problem line).
            label = rect.width >= 60 ? " dates (YYYY-MM-DD..YYYY-MM-DD): " : " dates: "
            hint = rect.width >= 60 ? "Enter applies · Esc cancels" : "YYYY-MM-DD..YYYY-MM-DD"
        case .pipe:
            label = " pipe to: "
            hint = "Enter runs · Esc cancels"
        case .save:
            label = " save as: "
            hint = ".md Markdown, else text · Esc cancels"
        }
        let hintWidth = DisplayWidth.of(hint)
        var x = screen.write(label, x: 0, y: rect.y, limit: rect.width, role: .status)
        // The hint gives way to the text typed: what Enter acts on stays in view whole when it can.
        let hintFits = hintWidth + 3 <= rect.width - x && DisplayWidth.of(prompt.text) + 1 + hintWidth + 3 <= rect.width - x
        let room = max(1, rect.width - x - (hintFits ? hintWidth + 2 : 0) - 1)
        // The part of the line around the cursor, which stays in view.
        x += LineEditorView.draw(prompt.line, x: x, y: rect.y, width: room, role: .status, into: &screen)
        if hintFits, hintWidth + 3 <= rect.width - x {
            screen.write(hint, x: rect.width - hintWidth - 1, y: rect.y, limit: hintWidth, role: .status)
        }
    }

    /// What was wrong with the text, on the line above the prompt (over the
    /// panes' last row), cut to the width; the prompt keeps its own line.
    static func drawProblem(_ prompt: Prompt, above rect: Rect, into screen: inout ScreenBuffer) {
        guard let problem = prompt.problem, rect.y > 1 else { return }
        let line = Rect(x: rect.x, y: rect.y - 1, width: rect.width, height: 1)
        screen.fill(line, role: .warning)
        screen.write(" " + DisplayWidth.truncate(problem, to: max(0, rect.width - 1)), x: line.x, y: line.y, limit: line.width, role: .warning)
    }
}
