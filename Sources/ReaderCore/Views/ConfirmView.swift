/// A yes/no question in a box over the panes.
enum ConfirmView {
    static func draw(_ confirm: Confirm, in area: Rect, into screen: inout ScreenBuffer) {
        let width = min(area.width, max(24, min(60, DisplayWidth.of(confirm.question) + 4)))
        let lines = LineBreaker.wrap(confirm.question, width: max(1, width - 4))
        let box = Box.centred(width: width, height: lines.count + 2, in: area)
        let inside = Box.draw(box, title: "Confirm", into: &screen)
        for (offset, line) in lines.prefix(inside.height).enumerated() {
            screen.write(line, x: inside.x + 1, y: inside.y + offset, limit: max(0, inside.width - 1), role: .help)
        }
    }
}
