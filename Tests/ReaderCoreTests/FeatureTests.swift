import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// Search, filters, bookmarks, URLs and the mouse, with a test double of the
/// runtime: effects are performed the way the real one performs them.
@Suite struct FeatureTests {
    final class Harness {
        let library = FixtureLibrary()
        let reader: Reader
        var effects: [Effect] = []
        var copied: [String] = []
        var opened: [String] = []

        init(width: Int = 120, height: Int = 40) {
            reader = Reader(library: library)
            reader.start(width: width, height: height)
        }

        /// Sends keys and performs the effects like the runtime does.
        func press(_ keys: Key...) {
            for key in keys {
                for effect in reader.handle(key) {
                    effects.append(effect)
                    switch effect {
                    case .search(let query, let filter):
                        reader.applySearchResults(query: query, handles: (try? library.search(query, filter: filter)) ?? [])
                    case .setBookmark(let row, let on):
                        if on { library.bookmarked.insert(row.handle) } else { library.bookmarked.remove(row.handle) }
                    case .copy(let text): copied.append(text)
                    case .openURL(let url): opened.append(url)
                    default: break
                    }
                }
            }
        }

        func type(_ text: String) {
            for character in text { press(.character(character)) }
        }

        func screen(_ width: Int = 120, _ height: Int = 40) -> String { InMemoryTerminal(width: width, height: height).text(of: reader) }
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

    /// A search typed before the index can answer: the prompt says it is
    /// searching (not the old list's count), and the search the runtime runs
    /// again once the index is ready is the one typed, then the one kept.
    @Test func aSearchThatWaitsForTheIndexIsRunAgainNotForgotten() {
        let h = Harness()
        let everything = h.reader.order
        h.press(.character("/"))
        // Typed, but the runtime has no results yet (the index is being built).
        for character in "水渠" { _ = h.reader.handle(.character(character)) }
        h.reader.searchPending = "水渠"
        #expect(h.reader.order == everything)
        #expect(h.screen().contains("searching…"))
        #expect(!h.screen().contains("\(everything.count) found"))
        let typed = h.reader.activeSearch
        #expect(typed?.query == "水渠")
        #expect(typed?.filter.searchQuery == "水渠")
        // Kept with Enter before the results came: still the one to run again.
        _ = h.reader.handle(.enter)
        #expect(h.reader.activeSearch?.query == "水渠")
        #expect(h.screen().contains("/水渠 (searching…)"), "the list is not yet the results")
        // The index is ready: the runtime runs it again and the list narrows.
        let search = try? #require(h.reader.activeSearch)
        h.reader.applySearchResults(query: "水渠", handles: (try? h.library.search("水渠", filter: search?.filter ?? ReaderFilter())) ?? [])
        #expect(h.reader.searchPending == nil)
        #expect(Set(h.reader.order) == [1, 2])
        // Esc at the prompt restores the list from before the search; nothing
        // is left to run again.
        h.press(.character("/"), .escape)
        #expect(h.reader.filter.searchQuery == nil)
        #expect(h.reader.activeSearch == nil)
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
        #expect(h.reader.message == "No more hits below.")
    }

    @Test func categoryPickerNarrowsByTypingAndApplies() throws {
        let h = Harness(width: 80, height: 24)
        h.press(.character("c"))
        let picker = h.screen(80, 24)
        #expect(picker.contains("Category (type to narrow"))
        #expect(picker.contains("all categories"))
        #expect(picker.contains("科技"))
        h.type("科")
        #expect(h.reader.picker?.visible.map(\.name) == ["科技"])
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
        #expect(h.reader.message?.hasPrefix("Dates are") == true)
    }

    @Test func bookmarkToggleMarkAndBookmarkedOnly() {
        let h = Harness()
        h.press(.character("j"), .character("b"))
        #expect(h.effects.last == .setBookmark(h.reader.selectedRow!, on: true) || h.reader.selectedRow?.bookmarked == true)
        #expect(h.screen().contains("★"))
        h.press(.character("B"))
        #expect(h.reader.order == [5])
        #expect(h.screen().contains("· bookmarked"))
        h.press(.character("b"))
        #expect(h.library.bookmarked.isEmpty)
        h.press(.character("B"))
        #expect(h.reader.order.count == 6)
        h.press(.character("m"))
        #expect(h.effects.contains { if case .setRead(_, true) = $0 { return true } else { return false } })
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
        let saved = first.reader.session
        #expect(saved.filter.categories == ["国内"])
        #expect(saved.focus == .article)
        let encoded = saved.encoded
        #expect(ReaderSession(encoded: encoded) == saved)

        let second = FeatureTests.Harness(width: 60, height: 20)
        _ = second.reader.restore(ReaderSession(encoded: encoded))
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
        for effect in second.reader.restore(first.reader.session) {
            if case .search(let query, let filter) = effect {
                second.reader.applySearchResults(query: query, handles: (try? second.library.search(query, filter: filter)) ?? [])
            }
        }
        #expect(second.reader.filter.searchQuery == "水")
        #expect(second.reader.document?.path == path)
        #expect(second.reader.order == first.reader.order)
    }
}

@Suite struct AsynchronousRelatedTests {
    /// With the runtime's setting, related items are resolved off the UI loop:
    /// the article shows at once, the related pane says it is resolving, and
    /// the items arrive later.
    @Test func relatedItemsArriveAfterTheArticle() throws {
        let library = FixtureLibrary()
        let reader = Reader(library: library)
        reader.loadsRelatedAsynchronously = true
        reader.start(width: 120, height: 40)
        var effects = reader.takePendingEffects()
        #expect(effects == [.loadRelated(handle: 6)])
        effects = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        #expect(reader.document?.path == "chun-geng.txt")
        let loading = InMemoryTerminal(width: 120, height: 40).text(of: reader)
        #expect(loading.contains("resolving related stories…"))
        #expect(reader.relatedRows.isEmpty)
        // A stale answer (for an article no longer shown) is ignored.
        reader.applyRelated(handle: 5, related: try library.related(5), backlinks: [])
        #expect(reader.relatedRows.isEmpty)
        reader.applyRelated(handle: 1, related: try library.related(1), backlinks: try library.backlinks(1))
        #expect(reader.relatedRows.count == 2)
        #expect(!InMemoryTerminal(width: 120, height: 40).text(of: reader).contains("resolving"))
        // Following still works and asks for the target's items.
        _ = reader.handle(.character("3"))
        effects = reader.handle(.enter)
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(effects.contains(.loadRelated(handle: 2)))
        // Back restores the related selection once the items are in again.
        _ = reader.handle(.character("H"))
        #expect(reader.document?.path == "chun-geng.txt")
    }
}
