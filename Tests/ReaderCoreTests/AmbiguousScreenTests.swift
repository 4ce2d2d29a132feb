import Foundation
import ReaderTesting
import Testing
@testable import ReaderCore

/// The reader's screens under `ambiguous_width = 2`, at three sizes: golden
/// screens, and every row adding up to the width as the terminal counts it.
@Suite struct AmbiguousScreenTests {
    /// Each row of a wide-mode screen adds up to the width exactly when its
    /// cells are measured as the terminal draws them: nothing overlaps and
    /// nothing is left out.
    static func expectRowsFit(_ screen: ScreenBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for (y, row) in screen.rows.enumerated() {
            #expect(DisplayWidth.of(row, mode: screen.widthMode) == screen.width, "row \(y): \(row)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func screensWithTheSettingOn(width: Int, height: Int) throws {
        try WidthMode.$current.withValue(.ambiguousWide) {
            let reader = ReaderHarness(width: width, height: height)
            let terminal = InMemoryTerminal(width: width, height: height, widthMode: .ambiguousWide)
            Self.expectRowsFit(terminal.screen(of: reader))
            try ScreenTests.expectScreen(terminal.text(of: reader), named: "ambiguous-first-\(width)x\(height)")
            // Open the second newest, go to its related items, follow the first.
            for key: Key in [.character("j"), .character("j"), .enter, .character("3"), .enter] { reader.press(key) }
            Self.expectRowsFit(terminal.screen(of: reader))
            try ScreenTests.expectScreen(terminal.text(of: reader), named: "ambiguous-followed-\(width)x\(height)")
            reader.press(.character("?"))
            Self.expectRowsFit(terminal.screen(of: reader))
            // The search prompt and the picker over the panes, each with its cursor.
            reader.press(.escape, .character("1"), .character("/"))
            reader.type("水")
            Self.expectRowsFit(terminal.screen(of: reader))
            try ScreenTests.expectScreen(terminal.text(of: reader), named: "ambiguous-search-\(width)x\(height)")
            reader.press(.enter, .character("c"))
            Self.expectRowsFit(terminal.screen(of: reader))
            try ScreenTests.expectScreen(terminal.text(of: reader), named: "ambiguous-picker-\(width)x\(height)")
        }
    }
}
