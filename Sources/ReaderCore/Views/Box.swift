/// A popup's frame: a border and a background of its own, so nothing of the
/// panes shows through, centred in an area.
enum Box {
    /// Draws the frame with a title in its top border; returns the inside.
    @discardableResult
    static func draw(_ rect: Rect, title: String, into screen: inout ScreenBuffer) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        screen.fill(rect, role: .help)
        let inner = rect.width - 2
        screen.write("┌" + String(repeating: "─", count: inner) + "┐", x: rect.x, y: rect.y, limit: rect.width, role: .border)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            screen.write("│", x: rect.x, y: y, limit: 1, role: .border)
            screen.write("│", x: rect.maxX - 1, y: y, limit: 1, role: .border)
        }
        screen.write("└" + String(repeating: "─", count: inner) + "┘", x: rect.x, y: rect.maxY - 1, limit: rect.width, role: .border)
        if inner > 2 {
            screen.write(DisplayWidth.truncate(" " + title + " ", to: inner - 1), x: rect.x + 1, y: rect.y, limit: inner - 1, role: .paneTitleFocused)
        }
        return Rect(x: rect.x + 1, y: rect.y + 1, width: inner, height: rect.height - 2)
    }

    /// A rectangle of a size centred in an area (cut to it).
    static func centred(width: Int, height: Int, in area: Rect) -> Rect {
        let w = min(width, area.width), h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }
}
