import ReaderTesting
import Testing
@testable import ReaderCore

/// The reader's last rough edges: the picker's text edited as a prompt's is,
/// the wheel scrolling the list's view, picker counts under a kept search,
/// and a kept search run again keeping the reading place.
@Suite struct RoughEdgeTests {
    /// The cells of one row whose role is the selection's.
    static func selectedColumns(_ screen: ScreenBuffer, row y: Int) -> [Int] {
        (0..<screen.width).filter { screen[$0, y].role == .selection }
    }

    @Test func thePickersTextIsEditedWithReadlinesKeys() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("c"))
        reader.type("国X内")
        #expect(reader.model.picker?.query == "国X内")
        // Left, Backspace: the X before the cursor goes, the cursor stays before 内.
        reader.press(.left, .backspace)
        #expect(reader.model.picker?.query == "国内")
        #expect(reader.model.picker?.visible.map(\.name) == ["国内"])
        // Ctrl-A then Delete removes the first character; Ctrl-E and typing append.
        reader.press(.control("a"), .delete)
        #expect(reader.model.picker?.query == "内")
        reader.press(.control("e"))
        reader.type("外")
        #expect(reader.model.picker?.query == "内外")
        // Ctrl-B twice, Ctrl-K: everything after the cursor goes; Ctrl-Y puts it back.
        reader.press(.control("b"), .control("b"), .control("k"))
        #expect(reader.model.picker?.query == "")
        reader.press(.control("y"), .control("w"))
        #expect(reader.model.picker?.query == "", "Ctrl-W removes the word before the cursor")
        reader.type("科技")
        reader.press(.control("u"))
        #expect(reader.model.picker?.query == "")
        #expect(reader.model.picker?.visible.count == 5, "all categories and the four names")
        reader.type("社会")
        reader.press(.enter)
        #expect(reader.filter.categories == ["社会"])
    }

    @Test func thePickersCursorIsDrawn() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("c"))
        reader.type("科技")
        let terminal = InMemoryTerminal(width: 80, height: 24)
        var screen = terminal.screen(of: reader)
        let row = try #require(screen.rows.firstIndex { $0.contains(" > 科技") })
        let start = try #require(screen.rows[row].range(of: " > 科技")).lowerBound
        let textColumn = DisplayWidth.of(screen.rows[row][..<start]) + 3
        #expect(screen.rows[row].contains(" > 科技▏"), "the bar after the text at the end")
        #expect(Self.selectedColumns(screen, row: row).isEmpty)
        // The cursor on 技: its two cells are drawn in the selection's colours.
        reader.press(.left)
        screen = terminal.screen(of: reader)
        #expect(!screen.rows[row].contains("▏"))
        #expect(Self.selectedColumns(screen, row: row) == [textColumn + 2, textColumn + 3])
        // Under ambiguous_width = 2 the end cursor is a cell, not a bar two columns wide.
        reader.press(.control("e"))
        let wide = InMemoryTerminal(width: 80, height: 24, widthMode: .ambiguousWide).screen(of: reader)
        #expect(Self.selectedColumns(wide, row: row) == [textColumn + 4])
    }

    /// 40x7: one pane at a time, four rows of the list's six articles in view.
    @Test func theWheelOverTheListScrollsTheViewAndKeepsTheSelection() throws {
        let reader = ReaderHarness(width: 40, height: 7)
        let body = try #require(reader.model.layout.body(of: .list))
        #expect(body.height == 4)
        reader.press(.character("j"), .character("j"))
        let shown = reader.document?.handle
        reader.press(.mouse(MouseEvent(kind: .wheelDown, x: 10, y: body.y + 1)))
        #expect(reader.model.list.top == 2, "the view moves as far as the list goes")
        #expect(reader.selected == 2, "the selection stays on its row while it is in view")
        #expect(reader.document?.handle == shown, "the same article stays open")
        reader.press(.mouse(MouseEvent(kind: .wheelUp, x: 10, y: body.y + 1)))
        #expect(reader.model.list.top == 0)
        #expect(reader.selected == 2)
        // The last row selected, the view wheeled up: the selection is carried to the view's last row.
        reader.press(.character("G"))
        #expect(reader.selected == 5)
        reader.press(.mouse(MouseEvent(kind: .wheelUp, x: 10, y: body.y)))
        #expect(reader.model.list.top == 0)
        #expect(reader.selected == 3)
        #expect(reader.document?.handle == reader.order[3], "the article shown is one the list shows")
    }

    @Test func theWheelOverTheArticleScrollsTheArticle() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("j"), .character("j"))
        let article = try #require(reader.model.layout.body(of: .article))
        reader.press(.mouse(MouseEvent(kind: .wheelDown, x: article.x + 2, y: article.y + 1)))
        #expect(reader.model.article.scroll == 3)
        #expect(reader.selected == 2)
        #expect(reader.focus == .list)
    }

    /// With `/水` kept, each picker entry's count is what choosing it lists.
    @Test(arguments: [FacetKind.category, .source])
    func pickerCountsAreOfTheKeptSearch(kind: FacetKind) throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("/"))
        reader.type("水")
        reader.press(.enter)
        let hits = reader.order.count
        #expect(hits == 3)
        reader.press(.character(kind == .category ? "c" : "s"))
        let entries = try #require(reader.model.picker?.visible)
        #expect(entries.first?.count == hits, "the first entry, every name, counts the search's results")
        for (index, entry) in entries.enumerated() {
            reader.press(.character(kind == .category ? "c" : "s"))
            for _ in 0..<index { reader.press(.down) }
            reader.press(.enter)
            #expect(reader.order.count == entry.count, "\(entry.name ?? "all"): counted \(entry.count), listed \(reader.order.count)")
            #expect(reader.filter.searchQuery == "水")
        }
    }

    /// The kept search runs again when the index changes (as it does at
    /// every start while the background index catches up): the selected
    /// article, its scroll and the pane stay.
    @Test func aKeptSearchRunAgainKeepsTheReadingPlace() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("/"))
        reader.type("水")
        reader.press(.enter, .character("j"), .character("j"), .enter, .character("j"), .character("j"))
        let handle = reader.document?.handle
        let scroll = reader.model.article.scroll
        #expect(scroll == 2)
        reader.send(.indexChanged)
        #expect(reader.selected == 2)
        #expect(reader.document?.handle == handle)
        #expect(reader.model.article.scroll == scroll)
        #expect(reader.focus == .article)

        // And after a restart: the session restored, then the index changed.
        let again = ReaderHarness(width: 80, height: 24)
        again.send(.restore(ReaderSession(encoded: reader.model.session.encoded)))
        again.send(.indexChanged)
        #expect(again.filter.searchQuery == "水")
        #expect(again.document?.handle == handle)
        #expect(again.model.article.scroll == scroll)
        #expect(again.focus == .article)
    }
}
