import ReaderTesting
import Testing
@testable import ReaderCore

/// Golden screens of the timeline and thread views at the three sizes
/// (`SNAPREAD_RECORD_GOLDEN=1` re-records them on purpose), and the rows
/// fitting the terminal exactly, under both width modes.
@Suite struct TimelineThreadScreenTests {
    /// The timeline of every article, the cursor moved two periods back from 春耕's month.
    static func timelineReader(width: Int, height: Int) -> ReaderHarness {
        let reader = ReaderHarness(width: width, height: height)
        reader.press(.character("j"), .character("j"), .character("T"), .character("k"), .character("k"))
        return reader
    }

    /// The thread of 水渠 at depth 2, the cursor on 春耕.
    static func threadReader(width: Int, height: Int) -> ReaderHarness {
        let reader = ReaderHarness(width: width, height: height)
        reader.press(.character("j"), .character("j"), .character("j"), .enter, .character("R"), .character("j"))
        return reader
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func timeline(width: Int, height: Int) throws {
        let reader = Self.timelineReader(width: width, height: height)
        try ScreenTests.expectScreen(InMemoryTerminal(width: width, height: height).text(of: reader), named: "timeline-\(width)x\(height)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func timelineByDayScrolledToTheEnd(width: Int, height: Int) throws {
        let reader = Self.timelineReader(width: width, height: height)
        reader.press(.character("p"), .character("p"), .end)
        try ScreenTests.expectScreen(InMemoryTerminal(width: width, height: height).text(of: reader), named: "timeline-day-\(width)x\(height)")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func thread(width: Int, height: Int) throws {
        let reader = Self.threadReader(width: width, height: height)
        try ScreenTests.expectScreen(InMemoryTerminal(width: width, height: height).text(of: reader), named: "thread-\(width)x\(height)")
    }

    /// Under `ambiguous_width = 2` the marks, arrows and blocks take two columns each: the bars count in those.
    @Test func bothViewsWithAmbiguousCharactersWide() throws {
        try WidthMode.$current.withValue(.ambiguousWide) {
            let terminal = InMemoryTerminal(width: 80, height: 24, widthMode: .ambiguousWide)
            try ScreenTests.expectScreen(terminal.text(of: Self.timelineReader(width: 80, height: 24)), named: "ambiguous-timeline-80x24")
            try ScreenTests.expectScreen(terminal.text(of: Self.threadReader(width: 80, height: 24)), named: "ambiguous-thread-80x24")
        }
    }

    /// Every row is exactly the terminal's width, no wide character cut,
    /// with the ambiguous marks (●, →, █) one column wide or two.
    @Test(arguments: [(120, 40), (80, 24), (40, 12), (33, 9)], [WidthMode.standard, .ambiguousWide])
    func rowsFitTheTerminalExactly(size: (Int, Int), mode: WidthMode) {
        let (width, height) = size
        WidthMode.$current.withValue(mode) {
            for reader in [Self.timelineReader(width: width, height: height), Self.threadReader(width: width, height: height)] {
                let screen = InMemoryTerminal(width: width, height: height, widthMode: mode).screen(of: reader)
                #expect(screen.rows.count == height)
                for row in screen.rows { #expect(DisplayWidth.of(row, mode: mode) == width, "row \"\(row)\" in \(mode)") }
            }
        }
    }
}
