import Foundation
import ReaderTesting
import Testing
@testable import ReaderCore

/// Screen snapshots of the reader from the in-memory terminal, compared with
/// golden text files (`SNAPREAD_RECORD_GOLDEN=1` re-records them on purpose).
@Suite struct ScreenTests {
    static let screens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens").path

    static func expectScreen(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = screens + "/" + name + ".txt"
        if ProcessInfo.processInfo.environment["SNAPREAD_RECORD_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = FileManager.default.contents(atPath: path) else {
            Issue.record("missing golden screen \(name); record with SNAPREAD_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(text == String(decoding: expected, as: UTF8.self), "screen differs from Screens/\(name).txt:\n\(text)", sourceLocation: sourceLocation)
    }

    static func reader(width: Int, height: Int) -> (ReaderHarness, InMemoryTerminal) {
        (ReaderHarness(width: width, height: height), InMemoryTerminal(width: width, height: height))
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func firstScreen(width: Int, height: Int) throws {
        let (reader, terminal) = Self.reader(width: width, height: height)
        try Self.expectScreen(terminal.text(of: reader), named: "first-\(width)x\(height)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func afterFollowingALink(width: Int, height: Int) throws {
        let (reader, terminal) = Self.reader(width: width, height: height)
        // 春耕 is the second newest; open it, go to its related items, follow the first.
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.enter)
        reader.press(.character("3"))
        reader.press(.enter)
        try Self.expectScreen(terminal.text(of: reader), named: "followed-\(width)x\(height)")
    }

    @Test func helpIsGeneratedFromTheKeymap() throws {
        let (reader, terminal) = Self.reader(width: 80, height: 24)
        var keymap = Keymap.defaults
        keymap.bind(.character("x"), to: .quit, in: .global)
        reader.model.keymap = keymap
        reader.press(.character("?"))
        let text = terminal.text(of: reader)
        try Self.expectScreen(text, named: "help-80x24")
        #expect(text.contains("q x") || text.contains("x q"), "a new binding shows up in the help")
        reader.press(.escape)
        #expect(reader.model.modal == nil)
    }

    /// Every row is exactly the terminal's width: nothing spills, no wide
    /// character is cut in half.
    @Test(arguments: [(120, 40), (80, 24), (40, 12), (61, 17), (101, 20), (33, 9)])
    func rowsFitTheTerminalExactly(width: Int, height: Int) {
        let (reader, terminal) = Self.reader(width: width, height: height)
        for key: Key in [.character("j"), .enter, .character("j"), .character("3"), .enter, .character("2"), .pageDown] {
            reader.press(key)
            let screen = terminal.screen(of: reader)
            #expect(screen.rows.count == height)
            for row in screen.rows { #expect(DisplayWidth.of(row) == width, "row \"\(row)\"") }
            for y in 0..<height {
                for x in 0..<width where screen[x, y].isContinuation {
                    #expect(x > 0 && DisplayWidth.of(screen[x - 1, y].text) == 2)
                }
            }
        }
    }
}
