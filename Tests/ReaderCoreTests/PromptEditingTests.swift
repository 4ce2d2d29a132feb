import ReaderTesting
import Testing
@testable import ReaderCore

/// The reader's prompts edit their line with LineEditor: readline's keys at a
/// cursor, and Ctrl-C or Ctrl-G close a prompt or picker as Esc does.
@Suite struct PromptEditingTests {
    static func press(_ harness: ReaderHarness, _ keys: [Key]) {
        for key in keys { harness.press(key) }
    }

    @Test func theDatesPromptEditsAtTheCursor() {
        let harness = ReaderHarness(width: 80, height: 24)
        let terminal = InMemoryTerminal(width: 80, height: 24)
        harness.press(.character("d"))
        harness.type("2024-01-01..2024-03-31")
        // Ctrl-W takes the last date back to its dash, Ctrl-A goes to the start.
        harness.press(.control("w"))
        #expect(harness.promptText == "2024-01-01..2024-03-")
        harness.type("30")
        Self.press(harness, [.control("a"), .right, .right, .right, .delete])
        harness.type("3")
        #expect(harness.promptText == "2023-01-01..2024-03-30")
        // The cursor is drawn on the character under it; Ctrl-K cuts the rest.
        let screen = terminal.screen(of: harness)
        let status = screen.height - 1
        #expect(screen.rows[status].contains("2023-01-01..2024"), "the part around the cursor: \(screen.rows[status])")
        harness.press(.control("k"))
        #expect(harness.promptText == "2023")
        Self.press(harness, [.end, .backspace, .home, .control("d")])
        #expect(harness.promptText == "02")
        // Ctrl-G closes it and applies nothing.
        harness.press(.control("g"))
        #expect(harness.promptText == nil)
        #expect(harness.filter.since == nil)
    }

    @Test func searchKeepsChineseFromAnInputMethodAndCtrlCRestores() {
        let harness = ReaderHarness(width: 80, height: 24)
        let terminal = InMemoryTerminal(width: 80, height: 24)
        let before = terminal.text(of: harness)
        harness.press(.character("/"))
        harness.type("水渠")
        harness.press(.home)
        harness.type("新")
        #expect(harness.promptText == "新水渠")
        harness.press(.control("c"))
        #expect(harness.promptText == nil)
        #expect(terminal.text(of: harness) == before, "the list is what it was before the prompt opened")
    }

    @Test func pickerClosesOnCtrlG() {
        let harness = ReaderHarness(width: 80, height: 24)
        harness.press(.character("c"))
        #expect(harness.model.picker != nil)
        harness.type("国")
        harness.press(.control("g"))
        #expect(harness.model.picker == nil)
        #expect(harness.filter.categories.isEmpty)
    }
}
