/// A line being typed (a prompt's, a picker's), drawn with its cursor: the
/// part around the cursor that fits, the character under the cursor in the
/// selection colours, or a thin bar after the text when the cursor is at
/// the end.
enum LineEditorView {
    /// The bar drawn after the text. Under `ambiguous_width = 2` the bar (an
    /// Ambiguous block element) would take two columns where the line keeps
    /// one, so the cursor is a cell in the selection colours instead.
    static func endCursor(_ mode: WidthMode) -> String? {
        mode.ambiguousColumns == 2 ? nil : "▏"
    }

    /// Draws `line` from column `x` of row `y` in `width` columns; returns the columns used.
    @discardableResult
    static func draw(_ line: LineEditor, x: Int, y: Int, width: Int, role: Role, into screen: inout ScreenBuffer) -> Int {
        guard width > 0 else { return 0 }
        let visible = line.visible(width: width, mode: screen.widthMode)
        var used = screen.write(visible.text, x: x, y: y, limit: width, role: role)
        if line.cursor == line.characters.count {
            if let bar = endCursor(screen.widthMode) {
                used += screen.write(bar, x: x + used, y: y, limit: 1, role: role)
            } else if used < width {
                screen.write(" ", x: x + used, y: y, limit: 1, role: .selection)
                used += 1
            }
        } else {
            screen.restyle(Rect(x: x + visible.cursorColumn, y: y, width: visible.cursorWidth, height: 1), role: .selection)
        }
        return used
    }
}
