import SnapshotFormat

/// A grid of cells that the reader renders into; the terminal layer (curses or
/// the in-memory terminal) draws it. A double-width character occupies its
/// cell and a continuation cell to its right.
public struct ScreenBuffer: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The grapheme drawn here; empty for the right half of a wide character.
        public var text: String
        public var role: Role
        public var isContinuation: Bool { text.isEmpty }

        public static let blank = Cell(text: " ", role: .normal)
    }

    public let width: Int
    public let height: Int
    /// How wide Ambiguous characters are drawn; `write` places cells by it.
    public let widthMode: WidthMode
    public private(set) var cells: [Cell]

    /// A blank grid; `widthMode` defaults to the mode in force (`WidthMode.current`).
    public init(width: Int, height: Int, widthMode: WidthMode = .current) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.widthMode = widthMode
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Fills a rectangle with blanks of one role.
    public mutating func fill(_ rect: Rect, role: Role) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        for y in clipped.y..<clipped.maxY {
            // A wide character cut by the rectangle's edge loses its half outside it too,
            // as `setCell` does: left whole, the terminal would draw it over the first blank.
            if clipped.x > 0, cells[y * width + clipped.x].isContinuation {
                cells[y * width + clipped.x - 1] = Cell(text: " ", role: cells[y * width + clipped.x - 1].role)
            }
            if clipped.maxX < width, cells[y * width + clipped.maxX].isContinuation {
                cells[y * width + clipped.maxX] = Cell(text: " ", role: cells[y * width + clipped.maxX].role)
            }
            for x in clipped.x..<clipped.maxX { cells[y * width + x] = Cell(text: " ", role: role) }
        }
    }

    /// Writes `text` from column `x` of row `y`, never past `x + limit` nor the
    /// buffer's edge. A wide character that would not fit whole is replaced by
    /// a space. Control characters are drawn as the stand-ins of
    /// `TerminalText` (`^[`, `<U+009B>`), as every other output shows them.
    /// Returns the columns used.
    @discardableResult
    public mutating func write(_ text: Substring, x: Int, y: Int, limit: Int, role: Role) -> Int {
        guard y >= 0, y < height, x < width, limit > 0 else { return 0 }
        let end = min(width, x + limit)
        var column = x
        for character in text {
            var glyphs = [String(character)]
            var w = DisplayWidth.of(character, mode: widthMode)
            if let narrow = DisplayWidth.narrowGlyph(for: character, mode: widthMode) { glyphs = [String(narrow)] }
            if w == 0 {
                let standIns = character.unicodeScalars.map { TerminalText.standIn(for: $0.value, in: .oneLine) }
                guard standIns.allSatisfy({ $0 != nil }) else { continue } // a lone combining mark: nothing to attach it to
                // One cell for each character of the stand-ins.
                glyphs = standIns.compactMap { $0 }.joined().map { String($0) }
                w = 1
            }
            for glyph in glyphs {
                if column + w > end {
                    // An Ambiguous mark two wide under the wide mode, where one column
                    // was left for it, is drawn as its ASCII stand-in, not lost.
                    let squeezed = w == 2 && widthMode.ambiguousColumns == 2 && character.unicodeScalars.allSatisfy(DisplayWidth.isAmbiguous)
                        ? DisplayWidth.squeezedGlyph(for: character) : nil
                    if column < end { setCell(column, y, Cell(text: squeezed.map(String.init) ?? " ", role: role)) }
                    return min(column + 1, end) - x
                }
                if column >= 0 {
                    setCell(column, y, Cell(text: glyph, role: role))
                    if w == 2, column + 1 < width { setCell(column + 1, y, Cell(text: "", role: role)) }
                }
                column += w
            }
        }
        return min(column, end) - x
    }

    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, limit: Int, role: Role) -> Int {
        write(Substring(text), x: x, y: y, limit: limit, role: role)
    }

    /// Changes the role of cells without changing their text.
    public mutating func restyle(_ rect: Rect, role: Role) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { cells[y * width + x].role = role }
        }
    }

    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        let index = y * width + x
        // Overwriting half of a wide character blanks its other half.
        if cells[index].isContinuation, x > 0 { cells[index - 1] = Cell(text: " ", role: cells[index - 1].role) }
        if !cells[index].isContinuation, DisplayWidth.of(cells[index].text, mode: widthMode) == 2, x + 1 < width, cell.text != "" {
            cells[index + 1] = Cell(text: " ", role: cells[index + 1].role)
        }
        cells[index] = cell
    }

    /// The screen as text rows, wide characters once, trailing spaces kept.
    public var rows: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }
}
