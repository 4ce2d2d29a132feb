import ReaderTesting
import Testing
@testable import ReaderCore

/// The reader's prompts edit their line with LineEditor: readline's keys at a
/// cursor, and Ctrl-C or Ctrl-G close a prompt or picker as Esc does.
@Suite struct PromptEditingTests {
    static func reader() -> (Reader, InMemoryTerminal) {
        let reader = Reader(library: FixtureLibrary())
        reader.start(width: 80, height: 24)
        return (reader, InMemoryTerminal(width: 80, height: 24))
    }

    static func press(_ reader: Reader, _ keys: [Key]) {
        for key in keys { _ = reader.handle(key) }
    }

    static func type(_ reader: Reader, _ text: String) {
        press(reader, text.map { .character($0) })
    }

    @Test func theDatesPromptEditsAtTheCursor() {
        let (reader, terminal) = Self.reader()
        _ = reader.handle(.character("d"))
        Self.type(reader, "2024-01-01..2024-03-31")
        // Ctrl-W takes the last date back to its dash, Ctrl-A goes to the start.
        Self.press(reader, [.control("w")])
        #expect(reader.promptText == "2024-01-01..2024-03-")
        Self.type(reader, "30")
        Self.press(reader, [.control("a"), .right, .right, .right, .delete])
        Self.type(reader, "3")
        #expect(reader.promptText == "2023-01-01..2024-03-30")
        // The cursor is drawn on the character under it; Ctrl-K cuts the rest.
        let screen = terminal.screen(of: reader)
        let status = screen.height - 1
        let label = " dates (YYYY-MM-DD..YYYY-MM-DD): "
        #expect(screen.rows[status].hasPrefix(label + "2023-01-01..2024"), "the part around the cursor: \(screen.rows[status])")
        #expect(screen[label.count + 4, status].role == .selection, "the cell after 2023 has the cursor")
        #expect(screen[label.count + 3, status].role == .status)
        Self.press(reader, [.control("k")])
        #expect(reader.promptText == "2023")
        Self.press(reader, [.end, .backspace, .home, .control("d")])
        #expect(reader.promptText == "02")
        // Ctrl-G closes it and applies nothing.
        Self.press(reader, [.control("g")])
        #expect(reader.promptText == nil)
        #expect(reader.filter.since == nil)
    }

    @Test func searchKeepsChineseFromAnInputMethodAndCtrlCRestores() {
        let (reader, terminal) = Self.reader()
        let before = terminal.text(of: reader)
        _ = reader.handle(.character("/"))
        Self.type(reader, "水渠")
        Self.press(reader, [.home])
        Self.type(reader, "新")
        #expect(reader.promptText == "新水渠")
        Self.press(reader, [.control("c")])
        #expect(reader.promptText == nil)
        #expect(terminal.text(of: reader) == before, "the list is what it was before the prompt opened")
    }

    @Test func pickerClosesOnCtrlGAndItsFilterLosesWords() {
        let (reader, _) = Self.reader()
        _ = reader.handle(.character("c"))
        #expect(reader.picker != nil)
        Self.type(reader, "国 内")
        Self.press(reader, [.control("w")])
        #expect(reader.picker?.query == "国 ")
        Self.press(reader, [.control("u")])
        #expect(reader.picker?.query == "")
        Self.press(reader, [.control("g")])
        #expect(reader.picker == nil)
    }
}
