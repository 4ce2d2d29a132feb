/// One line of text being typed, with a cursor, edited with readline's keys:
/// what a prompt (search, dates) or a picker's filter holds. The cursor moves
/// by grapheme cluster, so a Chinese character, an emoji sequence or a letter
/// with its accents is one step; input-method text arrives as characters and
/// goes in at the cursor. A value: the model keeps it, `update` changes it.
public struct LineEditor: Equatable, Sendable {
    /// The text, one grapheme cluster an element.
    public private(set) var characters: [Character]
    /// Where the cursor is: before `characters[cursor]`, or at the end when
    /// it equals `characters.count`.
    public private(set) var cursor: Int
    /// What Ctrl-W, Ctrl-U and Ctrl-K last removed, for Ctrl-Y.
    public private(set) var killed = ""

    /// A line holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The whole text.
    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// What an editing key does to the line.
    public enum Edit: Equatable, Sendable {
        case insert(String)
        case moveLeft, moveRight, moveToStart, moveToEnd
        case moveWordLeft, moveWordRight
        case deleteBackward, deleteForward
        case deleteWordBackward, deleteToStart, deleteToEnd
        case yank
    }

    /// The edit a key means in a line, as in readline (emacs mode): Left,
    /// Right, Home, End, Ctrl-B/F/A/E, Backspace, Delete, Ctrl-D, Ctrl-W,
    /// Ctrl-U, Ctrl-K, Ctrl-Y, and any printable character. Nil for the keys
    /// a prompt keeps for itself (Enter, Esc, Tab, Up, Down …).
    public static func edit(for key: Key) -> Edit? {
        switch key {
        case .left, .control("b"): return .moveLeft
        case .right, .control("f"): return .moveRight
        case .home, .control("a"): return .moveToStart
        case .end, .control("e"): return .moveToEnd
        case .backspace, .control("h"): return .deleteBackward
        case .delete, .control("d"): return .deleteForward
        case .control("w"): return .deleteWordBackward
        case .control("u"): return .deleteToStart
        case .control("k"): return .deleteToEnd
        case .control("y"): return .yank
        case .character(let character):
            // Control characters never go into the text.
            if character.unicodeScalars.allSatisfy({ $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) { return nil }
            return .insert(String(character))
        default: return nil
        }
    }

    /// Applies the edit `key` means; false (and nothing changed) for a key
    /// that is not an editing key.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        guard let edit = Self.edit(for: key) else { return false }
        apply(edit)
        return true
    }

    /// Changes the line.
    public mutating func apply(_ edit: Edit) {
        switch edit {
        case .insert(let text):
            insert(text)
        case .moveLeft: cursor = max(0, cursor - 1)
        case .moveRight: cursor = min(characters.count, cursor + 1)
        case .moveToStart: cursor = 0
        case .moveToEnd: cursor = characters.count
        case .moveWordLeft: cursor = wordStart(before: cursor)
        case .moveWordRight: cursor = wordEnd(after: cursor)
        case .deleteBackward:
            guard cursor > 0 else { return }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .deleteForward:
            guard cursor < characters.count else { return }
            characters.remove(at: cursor)
        case .deleteWordBackward: kill(wordStart(before: cursor)..<cursor)
        case .deleteToStart: kill(0..<cursor)
        case .deleteToEnd: kill(cursor..<characters.count)
        case .yank: insert(killed)
        }
    }

    /// Puts text in at the cursor and leaves the cursor after it. Text is
    /// joined with its neighbours as a string would be (an accent typed after
    /// a letter becomes part of it), and line breaks become spaces.
    public mutating func insert(_ text: String) {
        guard !text.isEmpty else { return }
        let cleaned = String(text.map { $0.isNewline ? " " : $0 })
        let before = String(characters[..<cursor]) + cleaned
        let after = String(characters[cursor...])
        let joined = Array(before + after)
        // The cursor goes after what was typed, counted in the joined text.
        cursor = min(joined.count, joined.count - Array(after).count)
        characters = joined
    }

    /// Replaces the whole text (a history entry recalled), cursor at the end.
    public mutating func replace(with text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = String(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    /// A word is a run of letters and digits (Chinese characters included);
    /// spaces and punctuation separate words.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Where the word before `index` starts: back over separators, then over
    /// word characters (what Ctrl-W removes).
    func wordStart(before index: Int) -> Int {
        var position = index
        while position > 0, !Self.isWordCharacter(characters[position - 1]) { position -= 1 }
        while position > 0, Self.isWordCharacter(characters[position - 1]) { position -= 1 }
        return position
    }

    /// Where the word after `index` ends: over separators, then word characters.
    func wordEnd(after index: Int) -> Int {
        var position = index
        while position < characters.count, !Self.isWordCharacter(characters[position]) { position += 1 }
        while position < characters.count, Self.isWordCharacter(characters[position]) { position += 1 }
        return position
    }

    /// What a prompt draws of the line in `width` columns.
    public struct Visible: Equatable, Sendable {
        /// The part of the text shown; it fits the width with the cursor's cell.
        public var text: String
        /// The column of the cursor within the shown part.
        public var cursorColumn: Int
        /// Columns the cursor covers: the character under it, or 1 at the end.
        public var cursorWidth: Int
        /// Whether text is hidden before or after the part shown.
        public var cutBefore: Bool
        public var cutAfter: Bool
    }

    /// The part of the line to draw in `width` columns so that the cursor is
    /// always on screen: all of it when it fits (a column kept for the cursor
    /// at the end), else a window around the cursor that keeps up to a
    /// quarter of the width of text after it in view. Never cuts a wide
    /// character in half.
    public func visible(width: Int, mode: WidthMode = .current) -> Visible {
        let widths = characters.map { DisplayWidth.of($0, mode: mode) }
        let cursorWidth = cursor < characters.count ? max(1, widths[cursor]) : 1
        guard width > 0, cursorWidth <= width else {
            return Visible(text: "", cursorColumn: 0, cursorWidth: min(cursorWidth, max(width, 0)), cutBefore: cursor > 0, cutAfter: cursor < characters.count)
        }
        let before = widths[..<cursor].reduce(0, +)
        let after = widths[cursor...].reduce(0, +) - (cursor < characters.count ? widths[cursor] : 0)
        var start = 0
        if before + cursorWidth + (cursor == characters.count ? 0 : after) > width {
            // Too long: keep some text after the cursor in view when there is any.
            let margin = min(width / 4, after)
            var used = before
            while start < cursor, used + cursorWidth + margin > width {
                used -= widths[start]
                start += 1
            }
        }
        var end = start
        var used = 0
        while end < characters.count, used + widths[end] <= width {
            // The cursor's own cell must stay inside when it sits at the end.
            used += widths[end]
            end += 1
        }
        if end == characters.count, cursor == characters.count, used + 1 > width {
            // No column left for the cursor at the end: drop from the front.
            while start < end, used + 1 > width {
                used -= widths[start]
                start += 1
            }
        }
        let column = widths[start..<cursor].reduce(0, +)
        return Visible(text: String(characters[start..<end]), cursorColumn: column, cursorWidth: cursorWidth,
                       cutBefore: start > 0, cutAfter: end < characters.count)
    }
}
