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
            label = " dates (YYYY-MM-DD..YYYY-MM-DD): "
            hint = "Enter applies · Esc cancels"
        case .pipe:
            label = " pipe to: "
            hint = "Enter runs · Esc cancels"
        case .save:
            label = " save as: "
            hint = ".md Markdown, else text · Esc cancels"
        }
        let hintWidth = DisplayWidth.of(hint)
        var x = screen.write(label, x: 0, y: rect.y, limit: rect.width, role: .status)
        let room = max(1, rect.width - x - (hintWidth + 3 <= rect.width - x ? hintWidth + 2 : 0) - 1)
        // The part of the line around the cursor, which stays in view.
        x += LineEditorView.draw(prompt.line, x: x, y: rect.y, width: room, role: .status, into: &screen)
        if hintWidth + 3 <= rect.width - x {
            screen.write(hint, x: rect.width - hintWidth - 1, y: rect.y, limit: hintWidth, role: .status)
        }
    }
}
