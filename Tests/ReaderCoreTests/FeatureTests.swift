import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// Search, filters, bookmarks, URLs and the mouse, with a test double of the
/// runtime: effects are performed the way the real one performs them.
@Suite struct FeatureTests {
    final class Harness {
        let reader: ReaderHarness
        var library: FixtureLibrary { reader.library }
        var effects: [Effect] = []
        var copied: [String] { reader.copied }
        var opened: [String] { reader.opened }

        init(width: Int = 120, height: Int = 40) {
            reader = ReaderHarness(width: width, height: height)
        }

        /// Sends keys; the harness performs the effects as the runtime does.
        func press(_ keys: Key...) {
            for key in keys { effects += reader.press(key) }
        }

        func type(_ text: String) {
            for character in text { press(.character(character)) }
        }

        func screen(_ width: Int = 120, _ height: Int = 40) -> String { InMemoryTerminal(width: width, height: height).text(of: reader.model) }
    }

    @Test func searchNarrowsAsOneTypesAndEscRestores() {
        let h = Harness()
        h.press(.character("j"))
        let before = h.reader.order
        h.press(.character("/"))
        h.type("水")
        #expect(h.reader.promptText == "水")
        #expect(Set(h.reader.order) == [1, 2, 3], "the articles containing 水")
        h.type("渠")
        #expect(Set(h.reader.order) == [1, 2], "narrowed as one types")
        #expect(h.screen().contains(" /水渠▏"))
        h.press(.escape)
        #expect(h.reader.promptText == nil)
        #expect(h.reader.order == before)
        #expect(h.reader.selected == 1)
        #expect(h.reader.filter.searchQuery == nil)
    }

    /// Esc after typing gives back the article as it was scrolled and the
    /// related pane's selection, not only the list (the article and the
    /// related pane followed the typed search's first result meanwhile).
    @Test func escRestoresTheArticlesScrollAndTheRelatedSelection() throws {
        let h = Harness(width: 80, height: 16)
        // The first article with two related entries or more.
        while h.reader.model.related.entryCount < 2, h.reader.selected < h.reader.order.count - 1 { h.press(.character("j")) }
        #expect(h.reader.model.related.entryCount >= 2)
        h.press(.enter)
        let open = try #require(h.reader.document?.handle)
        h.press(.character("j"), .character("j"), .character("j"))
        let scroll = h.reader.model.article.scroll
        #expect(scroll > 0, "the article scrolls at 80x16")
        h.reader.model.related.selected = 1
        h.press(.character("/"))
        // A search the open article does not match: it leaves the list and the panes.
        h.type("无此词")
        #expect(h.reader.document?.handle != open)
        h.press(.escape)
        #expect(h.reader.document?.handle == open)
        #expect(h.reader.model.article.scroll == scroll)
        #expect(h.reader.model.related.selected == 1)
    }

    /// A search typed before the index can answer: the prompt says it is
    /// searching (not the old list's count), and the search the runtime runs
    /// again once the index is ready is the one typed, then the one kept.
    @Test func aSearchThatWaitsForTheIndexIsRunAgainNotForgotten() {
        let h = Harness()
        let everything = h.reader.order
        h.reader.holdSearches = true
        h.press(.character("/"))
        h.type("水渠")
        #expect(h.reader.order == everything)
        #expect(h.screen().contains("searching…"))
        #expect(!h.screen().contains("\(everything.count) found"))
        let typed = h.reader.model.activeSearch
        #expect(typed?.query == "水渠")
        #expect(typed?.filter.searchQuery == "水渠")
        // Kept with Enter before the results came: still the one to run again.
        h.press(.enter)
        #expect(h.reader.model.activeSearch?.query == "水渠")
        #expect(h.screen().contains("/水渠 (searching…)"), "the list is not yet the results")
        // The index is ready: the runtime runs it again and the list narrows.
        h.reader.holdSearches = false
        h.reader.send(.indexChanged)
        #expect(h.reader.model.searchPending == nil)
        #expect(Set(h.reader.order) == [1, 2])
        // Esc at the prompt gives back exactly the list from before it opened: the kept search.
        h.press(.character("/"), .escape)
        #expect(h.reader.filter.searchQuery == "水渠")
        #expect(Set(h.reader.order) == [1, 2])
        // Cleared, nothing is left to run again.
        h.press(.character("C"))
        #expect(h.reader.model.activeSearch == nil)
        #expect(h.reader.order == everything)
    }

    @Test func enterKeepsTheSearchAndItIsHighlighted() throws {
        let h = Harness()
        h.press(.character("/"))
        h.type("堤坝")
        h.press(.enter)
        #expect(h.reader.filter.searchQuery == "堤坝")
        #expect(h.effects.contains(.rememberSearch("堤坝")))
        #expect(h.screen().contains("· /堤坝"))
        let screen = InMemoryTerminal(width: 120, height: 40).screen(of: h.reader)
        let hitCells = screen.cells.filter { $0.role == .searchHit }
        #expect(hitCells.map(\.text).joined().contains("堤坝"))
        // History: Up at an empty prompt recalls it.
        h.press(.character("C"))
        h.press(.character("/"), .up)
        #expect(h.reader.promptText == "堤坝")
    }

    @Test func oneCharacterSearchAndNoResultSaysSo() {
        let h = Harness()
        h.press(.character("/"))
        h.type("书")
        #expect(h.reader.order == [5])
        h.type("法")
        #expect(h.reader.order.isEmpty)
        #expect(h.screen().contains("No articles match: /书法"))
    }

    @Test func nextAndPreviousHitScrollTheArticle() {
        let h = Harness(width: 40, height: 12)
        h.press(.character("/"))
        h.type("水渠")
        h.press(.enter, .character("j"))
        h.press(.character("2"), .character("n"))
        let scrolled = h.screen(40, 12)
        #expect(scrolled.contains("水渠"))
        h.press(.character("n"), .character("n"), .character("n"))
        #expect(h.reader.message == "No more hits below (2 in all).")
    }

    @Test func categoryPickerNarrowsByTypingAndApplies() throws {
        let h = Harness(width: 80, height: 24)
        h.press(.character("c"))
        let picker = h.screen(80, 24)
        #expect(picker.contains("Category · type to narrow"))
        #expect(picker.contains("all categories"))
        #expect(picker.contains("科技"))
        h.type("科")
        #expect(h.reader.model.picker?.visible.map(\.name) == ["科技"])
        h.press(.enter)
        #expect(h.reader.filter.categories == ["科技"])
        #expect(h.reader.order == [6, 4])
        #expect(h.screen(80, 24).contains("· 科技"))
        h.press(.character("C"))
        #expect(h.reader.filter.isEmpty)
        #expect(h.reader.order.count == 6)
    }

    @Test func datesPromptFiltersAndRejectsNonsense() {
        let h = Harness()
        h.press(.character("d"))
        h.type("2024-01-01..2024-03-31")
        h.press(.enter)
        #expect(h.reader.order == [1, 2])
        h.press(.character("d"), .control("u"))
        h.type("soon")
        h.press(.enter)
        // The prompt stays open with the text, and says what is wrong.
        #expect(h.reader.model.prompt?.problem?.hasPrefix("“soon” is not a date") == true)
        #expect(h.reader.promptText == "soon")
        #expect(h.reader.order == [1, 2], "the range applied before stays")
    }

    @Test func bookmarkToggleMarkAndBookmarkedOnly() {
        let h = Harness()
        h.press(.character("j"), .character("b"))
        #expect(h.reader.selectedRow?.bookmarked == true)
        #expect(h.screen().contains("★"))
        h.press(.character("B"))
        #expect(h.reader.order == [5])
        #expect(h.screen().contains("· bookmarked"))
        h.press(.character("b"))
        #expect(h.library.bookmarked.isEmpty)
        h.press(.character("B"))
        #expect(h.reader.order.count == 6)
        h.press(.character("m"))
        #expect(h.effects.contains { if case .write(.read(_, _, true)) = $0 { return true } else { return false } })
    }

    @Test func urlOpenCopyAndTheMessageWhenThereIsNone() {
        let h = Harness()
        h.press(.character("o"), .character("y"))
        #expect(h.opened == ["https://news.example.cn/2024/0630/5g.html"])
        #expect(h.copied == ["https://news.example.cn/2024/0630/5g.html"])
        h.press(.character("j"), .character("o"))
        #expect(h.reader.message == "This article has no original address.")
    }

    @Test func mouseClickSelectsWheelScrollsClickFollows() {
        let h = Harness(width: 120, height: 40)
        // The list body starts at row 2; row 4 is the third article.
        h.press(.mouse(MouseEvent(kind: .press, x: 5, y: 4)))
        #expect(h.reader.selected == 2)
        #expect(h.reader.document?.path == "chun-geng.txt")
        h.press(.mouse(MouseEvent(kind: .wheelDown, x: 60, y: 10)))
        #expect(h.reader.focus == .list, "the wheel scrolls without stealing focus")
        // The related pane of the 120x40 layout: below the article, first item on its second row.
        let layout = PaneLayout.compute(width: 120, height: 40, focus: .list)
        let related = layout.body(of: .related)!
        h.press(.mouse(MouseEvent(kind: .press, x: related.x + 4, y: related.y)))
        #expect(h.reader.document?.path == "shui-qu.txt")
        #expect(h.reader.focus == .related)
    }

    @Test func promptAndPickerScreens() throws {
        let h = Harness(width: 80, height: 24)
        h.press(.character("/"))
        h.type("水渠")
        try ScreenTests.expectScreen(h.screen(80, 24), named: "search-80x24")
        h.press(.escape, .character("c"))
        try ScreenTests.expectScreen(h.screen(80, 24), named: "picker-80x24")
    }
}

@Suite struct SessionTests {
    @Test func reopeningRestoresArticleFilterAndScroll() {
        let first = FeatureTests.Harness(width: 60, height: 20)
        first.press(.character("c"))
        first.type("国内")
        first.press(.enter, .character("j"), .enter, .character("j"), .character("j"))
        let saved = first.reader.model.session
        #expect(saved.filter.categories == ["国内"])
        #expect(saved.focus == .article)
        let encoded = saved.encoded
        #expect(ReaderSession(encoded: encoded) == saved)

        let second = FeatureTests.Harness(width: 60, height: 20)
        second.reader.send(.restore(ReaderSession(encoded: encoded)))
        #expect(second.reader.document?.path == first.reader.document?.path)
        #expect(second.reader.filter == first.reader.filter)
        #expect(second.reader.focus == .article)
        // The same screen but for the read mark, which the test runtime does not store.
        #expect(second.screen(60, 20).split(separator: "\n").dropFirst(5) == first.screen(60, 20).split(separator: "\n").dropFirst(5))
    }

    @Test func aKeptSearchIsRunAgainAndItsArticleSelected() {
        let first = FeatureTests.Harness()
        first.press(.character("/"))
        first.type("水")
        first.press(.enter, .character("j"))
        let path = first.reader.document?.path
        let second = FeatureTests.Harness()
        second.reader.send(.restore(first.reader.model.session))
        #expect(second.reader.filter.searchQuery == "水")
        #expect(second.reader.document?.path == path)
        #expect(second.reader.order == first.reader.order)
    }
}

@Suite struct AsynchronousRelatedTests {
    /// As the runtime does it, related items are resolved off the UI loop:
    /// the article shows at once, the related pane says it is resolving, and
    /// the items arrive later as a message.
    @Test func relatedItemsArriveAfterTheArticle() throws {
        let library = FixtureLibrary()
        let reader = ReaderHarness(library: library, width: 120, height: 40)
        #expect(reader.allEffects.contains(.loadRelated(handle: 6)))
        reader.holdRelated = true
        reader.press(.character("j"), .character("j"))
        #expect(reader.document?.path == "chun-geng.txt")
        let loading = InMemoryTerminal(width: 120, height: 40).text(of: reader)
        #expect(loading.contains("resolving related stories…"))
        #expect(reader.relatedRows.isEmpty)
        // A stale answer (for an article no longer shown) is ignored.
        reader.send(.relatedLoaded(handle: 5, related: try library.related(5), backlinks: []))
        #expect(reader.relatedRows.isEmpty)
        reader.releaseRelated()
        #expect(reader.relatedRows.count == 2)
        #expect(!InMemoryTerminal(width: 120, height: 40).text(of: reader).contains("resolving"))
        // Following still works and asks for the target's items.
        reader.press(.character("3"))
        reader.press(.enter)
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(reader.allEffects.contains(.loadRelated(handle: 2)))
        // Back restores the related selection once the items are in again.
        reader.press(.character("H"))
        #expect(reader.document?.path == "chun-geng.txt")
        reader.releaseRelated()
        #expect(reader.model.related.selected == 0)
        #expect(reader.relatedRows.count == 2)
    }
}
