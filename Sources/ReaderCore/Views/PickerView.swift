/// The category or source picker: a box with the typed text and the names
/// with their counts (of what the other filters leave).
enum PickerView {
    static func draw(_ model: ReaderModel, _ picker: Picker, in area: Rect, into screen: inout ScreenBuffer) {
        let visible = picker.visible
        // In one-pane widths the box takes the whole width, as the confirm and problem boxes do.
        let width = model.width < 60 ? area.width : min(max(34, model.width / 2), area.width)
        let height = min(max(visible.count, 1) + 3, area.height)
        let box = Box.centred(width: width, height: height, in: area)
        let title = picker.kind == .category ? "Category · type to narrow" : "Source · type to narrow"
        let inside = Box.draw(box, title: title, into: &screen)
        guard inside.height > 0 else { return }
        let label = screen.write(" > ", x: inside.x, y: inside.y, limit: inside.width, role: .help)
        LineEditorView.draw(picker.line, x: inside.x + label, y: inside.y, width: max(0, inside.width - label - 1), role: .help, into: &screen)
        let rows = inside.height - 1
        guard rows > 0 else { return }
        if picker.items == nil {
            screen.write("  counting…", x: inside.x, y: inside.y + 1, limit: inside.width, role: .dim)
            return
        }
        if visible.isEmpty {
            screen.write("  nothing matches", x: inside.x, y: inside.y + 1, limit: inside.width, role: .dim)
            return
        }
        let top = max(0, min(picker.selected - rows + 1, visible.count - rows))
        for row in 0..<rows {
            let index = top + row
            guard index < visible.count else { break }
            let item = visible[index]
            let mark = item.name == picker.current ? "✓ " : "  "
            let name = item.name ?? (picker.kind == .category ? "all categories" : "all sources")
            let count = String(item.count)
            let y = inside.y + 1 + row
            let nameWidth = max(1, inside.width - 5 - DisplayWidth.of(count))
            screen.write(mark + DisplayWidth.truncate(name, to: nameWidth), x: inside.x, y: y, limit: inside.width, role: .help)
            screen.write(count, x: inside.maxX - DisplayWidth.of(count) - 1, y: y, limit: DisplayWidth.of(count), role: .meta)
            if index == picker.selected { screen.restyle(Rect(x: inside.x, y: y, width: inside.width, height: 1), role: .selection) }
        }
    }
}
