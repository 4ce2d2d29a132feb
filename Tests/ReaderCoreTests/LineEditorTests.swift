import Testing
@testable import ReaderCore

/// The prompt's line editing, key by key, as readline does it.
@Suite struct LineEditorTests {
    /// A line after typing `text` and pressing `keys`; `|` in the result marks the cursor.
    static func after(_ text: String, _ keys: [Key]) -> String {
        var line = LineEditor(text)
        for key in keys { line.handle(key) }
        return marked(line)
    }

    static func marked(_ line: LineEditor) -> String {
        String(line.characters[..<line.cursor]) + "|" + String(line.characters[line.cursor...])
    }

    @Test func typingGoesInAtTheCursor() {
        var line = LineEditor()
        for character in "合作" { line.handle(.character(character)) }
        line.handle(.left)
        line.handle(.left)
        // Text from an input method arrives as characters, several at once too.
        line.apply(.insert("乡村"))
        #expect(Self.marked(line) == "乡村|合作")
        line.handle(.end)
        line.handle(.character("社"))
        #expect(line.text == "乡村合作社")
        #expect(line.cursor == 5)
    }

    @Test(arguments: [
        // Moving, by grapheme.
        ("合作社", [Key.left], "合作|社"),
        ("合作社", [.left, .left, .left, .left], "|合作社"),
        ("合作社", [.home], "|合作社"),
        ("合作社", [.control("a")], "|合作社"),
        ("合作社", [.home, .right], "合|作社"),
        ("合作社", [.home, .control("f"), .control("f")], "合作|社"),
        ("合作社", [.control("b")], "合作|社"),
        ("合作社", [.home, .end], "合作社|"),
        ("合作社", [.home, .control("e")], "合作社|"),
        ("合作社", [.right], "合作社|"),
        // Deleting.
        ("合作社", [.backspace], "合作|"),
        ("合作社", [.home, .backspace], "|合作社"),
        ("合作社", [.left, .left, .backspace], "|作社"),
        ("合作社", [.home, .delete], "|作社"),
        ("合作社", [.home, .control("d")], "|作社"),
        ("合作社", [.delete], "合作社|"),
        ("合作社", [.left, .control("k")], "合作|"),
        ("合作社", [.left, .control("u")], "|社"),
        ("合作社", [.control("u")], "|"),
        ("合作社", [.home, .control("k")], "|"),
        // Ctrl-W: back over separators, then a word; Chinese is word characters.
        ("乡村 合作社", [.control("w")], "乡村 |"),
        ("乡村 合作社", [.control("w"), .control("w")], "|"),
        ("乡村，合作社。", [.control("w")], "乡村，|"),
        ("tea  party   ", [.control("w")], "tea  |"),
        ("foo-bar", [.control("w")], "foo-|"),
        ("a 2024-03-31", [.control("w")], "a 2024-03-|"),
        ("乡村 合作社", [.left, .left, .control("w")], "乡村 |作社"),
        ("", [.control("w"), .backspace, .delete, .left, .right], "|"),
        // Ctrl-Y puts back what was cut last.
        ("乡村 合作社", [.control("w"), .home, .control("y")], "合作社|乡村 "),
    ])
    func keys(text: String, keys: [Key], expected: String) {
        #expect(Self.after(text, keys) == expected)
    }

    @Test func graphemesAreOneStep() {
        // A flag, a family emoji and an accented letter are one character each.
        var line = LineEditor("a🇨🇳👨‍👩‍👧e\u{301}")
        #expect(line.characters.count == 4)
        line.handle(.backspace)
        #expect(line.text == "a🇨🇳👨‍👩‍👧")
        line.handle(.left)
        line.handle(.backspace)
        #expect(line.text == "a👨‍👩‍👧")
        // A combining accent typed after a letter joins it.
        var accent = LineEditor("e")
        accent.apply(.insert("\u{301}"))
        #expect(accent.characters == ["é"])
        #expect(accent.cursor == 1)
    }

    @Test func keysThatAreNotEdits() {
        var line = LineEditor("abc")
        for key: Key in [.enter, .escape, .tab, .up, .down, .control("c"), .control("g"), .function(1), .character("\u{7}")] {
            let handled = line.handle(key)
            #expect(!handled, "\(key) is the prompt's, not an edit")
        }
        #expect(Self.marked(line) == "abc|")
        // Line breaks pasted into a line become spaces.
        line.apply(.insert("d\ne"))
        #expect(line.text == "abcd e")
        line.replace(with: "history")
        #expect(Self.marked(line) == "history|")
    }

    @Test func visibleWhenItFits() {
        var line = LineEditor("合作社")
        #expect(line.visible(width: 7, mode: .standard) == .init(text: "合作社", cursorColumn: 6, cursorWidth: 1, cutBefore: false, cutAfter: false))
        line.handle(.home)
        #expect(line.visible(width: 6, mode: .standard) == .init(text: "合作社", cursorColumn: 0, cursorWidth: 2, cutBefore: false, cutAfter: false))
    }

    /// At every width and cursor position the cursor's cell is inside the
    /// width, what is shown is a contiguous part of the text around the
    /// cursor, and no wide character is cut.
    @Test(arguments: [WidthMode.standard, .ambiguousWide])
    func cursorAlwaysVisible(mode: WidthMode) {
        let text = "2024 年“乡村振兴”·合作社 cooperative 发展…报告"
        for width in 1...30 {
            var line = LineEditor(text)
            line.handle(.home)
            for position in 0...line.characters.count {
                let shown = line.visible(width: width, mode: mode)
                let cursorWidth = position < line.characters.count ? DisplayWidth.of(line.characters[position], mode: mode) : 1
                guard cursorWidth <= width else {
                    #expect(shown.text.isEmpty)
                    line.handle(.right)
                    continue
                }
                #expect(DisplayWidth.of(shown.text, mode: mode) <= width, "width \(width), cursor \(position): \(shown)")
                #expect(shown.cursorColumn + shown.cursorWidth <= width, "width \(width), cursor \(position): \(shown)")
                #expect(shown.cursorWidth == cursorWidth)
                // The shown part is the text around the cursor: what is before the
                // cursor in it ends exactly at the cursor.
                let before = String(line.characters[..<position])
                let (head, _) = DisplayWidth.prefix(of: shown.text, fitting: shown.cursorColumn, mode: mode)
                #expect(before.hasSuffix(head), "width \(width), cursor \(position): \(shown)")
                let start = position - head.count
                let end = start + shown.text.count
                #expect(start >= 0 && end <= line.characters.count && String(line.characters[start..<end]) == shown.text)
                #expect(shown.cutBefore == (start > 0))
                #expect(shown.cutAfter == (end < line.characters.count))
                #expect(position < end || position == line.characters.count, "the character under the cursor is shown")
                line.handle(.right)
            }
        }
    }

    @Test func longLineScrollsAndKeepsTextAfterTheCursor() {
        var line = LineEditor(String(repeating: "合作社", count: 10))
        // At the end: the last characters and the cursor cell.
        let end = line.visible(width: 10, mode: .standard)
        #expect(end.text == "社合作社")
        #expect(end.cursorColumn == 8)
        #expect(end.cutBefore && !end.cutAfter)
        // Back in the middle: some text after the cursor stays in view.
        for _ in 0..<15 { line.handle(.left) }
        let middle = line.visible(width: 10, mode: .standard)
        #expect(middle.cutBefore && middle.cutAfter)
        #expect(middle.cursorColumn <= 10 - 2 - 2, "a quarter of the width after the cursor: \(middle)")
        // Ambiguous characters count two columns under the wide mode.
        var dots = LineEditor("···")
        #expect(dots.visible(width: 7, mode: .ambiguousWide).cursorColumn == 6)
        dots.handle(.home)
        #expect(dots.visible(width: 7, mode: .ambiguousWide).cursorWidth == 2)
    }
}
