import Foundation
import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// The rough edges a new user still hit: an article a filter hid left open,
/// browsing that rewrote the trail, messages cut at 40 columns, the date
/// prompt, `S` over a file, the scroll position, the copies block at the
/// article's head, and the diff view drawn as the other overlays are.
@Suite struct NewcomerEdgeTests {
    /// The fixture order, newest first: 6 网络 (科技), 5 书店 (文化), 1 春耕 (国内), 2 水渠 (国内), 3 堤坝 (社会), 4 气象 (科技).
    static func openFirst(_ reader: ReaderHarness) {
        reader.press(.character("1"), .character("g"), .enter)
    }

    // MARK: 1. A filter that hides the open article

    @Test func aCategoryThatHidesTheOpenArticleMovesTheArticlePaneToTheList() throws {
        let reader = ReaderHarness(width: 120, height: 40)
        Self.openFirst(reader)
        #expect(reader.document?.handle == 6 && reader.focus == .article)
        reader.press(.character("2"), .character("c"))
        reader.type("国内")
        reader.press(.enter)
        #expect(reader.filter.categories == ["国内"])
        #expect(reader.order == [1, 2])
        #expect(reader.document?.handle == 1, "the article pane follows the list's selection, not 网络 that the filter hid")
        #expect(reader.message == "Filtered out: showing the list's first.")
        #expect(reader.screen.contains("春耕备耕忙,田间地头处处是希望"))
        #expect(!reader.screen.contains("5G信号覆盖最后一个自然村"), "no trace of the hidden article:\n\(reader.screen)")
        #expect(reader.focus == .article, "the pane being read keeps focus")
    }

    @Test func aDateRangeOrASearchThatHidesTheOpenArticleDoesTheSame() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        Self.openFirst(reader)
        reader.press(.character("2"), .character("d"))
        reader.type("2023-01-01..2023-12-31")
        reader.press(.enter)
        #expect(reader.order == [3, 4])
        #expect(reader.document?.handle == 3)

        let searching = ReaderHarness(width: 80, height: 24)
        Self.openFirst(searching)
        searching.press(.character("/"))
        searching.type("水渠")
        searching.press(.enter)
        #expect(searching.filter.searchQuery == "水渠")
        #expect(!searching.order.contains(6))
        #expect(searching.document.map { searching.order.contains($0.handle) } == true)
    }

    @Test func anArticleFollowedOutOfTheListStaysOpenWhenTheIndexReloads() throws {
        // 春耕 under the 国内 filter, then a link to 水渠 (listed) and on to 堤坝 (社会: outside the list).
        let reader = ReaderHarness(width: 120, height: 40)
        reader.press(.character("c"))
        reader.type("国内")
        reader.press(.enter, .character("1"), .character("g"), .enter, .character("3"), .enter)
        #expect(reader.document?.handle == 2)
        reader.press(.character("3"), .enter)
        #expect(reader.document?.handle == 3, "followed out of the filtered list")
        reader.send(.indexChanged)
        #expect(reader.document?.handle == 3, "a reload of the same filter does not take the followed article away")
    }

    // MARK: 2. Browsing does not rewrite the trail

    @Test func backAfterBrowsingTheListReturnsToTheStoryJustRead() throws {
        let reader = ReaderHarness(width: 120, height: 40)
        // Read 春耕 (row 3), follow its link to 水渠, read it.
        reader.press(.character("1"), .character("g"), .character("j"), .character("j"), .enter)
        #expect(reader.document?.handle == 1)
        reader.press(.character("3"), .enter)
        #expect(reader.document?.handle == 2)
        #expect(reader.model.trail.back.map(\.handle) == [1])
        // Browse the list: previews of 网络 and 书店.
        reader.press(.character("1"), .character("g"), .character("j"))
        #expect(reader.document?.handle == 5)
        #expect(reader.model.trail.back.map(\.handle) == [1], "browsing leaves the trail as it was")
        // H: back to 水渠, the story just read, then to 春耕; L forward to 水渠 again.
        reader.press(.character("H"))
        #expect(reader.document?.handle == 2)
        reader.press(.character("H"))
        #expect(reader.document?.handle == 1)
        #expect(reader.model.trail.forward.map(\.handle) == [2], "the preview of 书店 is no place on the trail")
        reader.press(.character("L"))
        #expect(reader.document?.handle == 2)
    }

    @Test func forwardAfterBrowsingKeepsTheStoryReadOnTheWayBack() throws {
        let reader = ReaderHarness(width: 120, height: 40)
        reader.press(.character("1"), .character("g"), .character("j"), .character("j"), .enter, .character("3"), .enter)
        reader.press(.character("H"))
        #expect(reader.document?.handle == 1 && reader.model.trail.forward.map(\.handle) == [2])
        reader.press(.character("1"), .character("g"))
        #expect(reader.document?.handle == 6, "a preview")
        reader.press(.character("L"))
        #expect(reader.document?.handle == 2)
        #expect(reader.model.trail.back.map(\.handle) == [1], "back holds 春耕, which was read, not the preview of 网络")
    }

    @Test func browsingBackToTheStoryBeingReadIsReadingItAgain() throws {
        let reader = ReaderHarness(width: 120, height: 40)
        reader.press(.character("1"), .character("g"), .character("j"), .character("j"), .enter, .character("3"), .enter)
        #expect(reader.document?.handle == 2 && reader.model.trail.back.map(\.handle) == [1])
        // 水渠 is row 4: down to 气象 and back up to 水渠.
        reader.press(.character("1"), .character("j"), .character("j"))
        #expect(reader.document?.handle == 4)
        reader.press(.character("k"), .character("k"))
        #expect(reader.document?.handle == 2)
        // H goes on along the trail, not to the story already shown.
        reader.press(.character("H"))
        #expect(reader.document?.handle == 1)
        #expect(reader.model.trail.forward.map(\.handle) == [2])
    }

    // MARK: 3. Messages at 40 columns

    @Test func aMessageTakesTheLineBeforeTheTrailAtNarrowWidths() throws {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.character("g"), .character("j"), .character("j"), .enter, .character("3"), .enter)
        #expect(reader.model.trail.back.count == 1)
        reader.press(.character("2"), .character("o"))
        let status = try #require(reader.screen.split(separator: "\n").last)
        #expect(status == " This article has no original address.", "the message whole, the trail gave way: \(status)")
        // Wide at 120: the trail stays beside the message.
        let wide = ReaderHarness(width: 120, height: 40)
        wide.press(.character("g"), .character("j"), .character("j"), .enter, .character("3"), .enter, .character("2"), .character("o"))
        let line = try #require(wide.screen.split(separator: "\n").last)
        #expect(line.hasPrefix(" [Article] · trail 1←→0  This article has no original address."), "\(line)")
    }

    @Test func aLongMessageIsCutWithAnEllipsisAtACharacterBoundary() throws {
        let parts: [(text: String, rank: Int)] = [(" [Article]", 5), (" · trail 1←→0", 0)]
        let message = "Bookmarked: 春耕备耕忙,田间地头处处是希望,万亩良田处处是希望"
        let line = StatusBar.withMessage(parts, message, width: 40)
        #expect(DisplayWidth.of(line) <= 40)
        #expect(line.hasSuffix("…"), "\(line)")
        #expect(line.hasPrefix(" Bookmarked: 春耕"), "the message alone: \(line)")
        // An odd room: a wide character that would take the last column is left out whole.
        let odd = StatusBar.withMessage([], "一二三四五六七八九十", width: 11)
        #expect(odd == " 一二三四…", "\(odd)")
        #expect(StatusBar.withMessage(parts, "Marked read.", width: 40) == " [Article] · trail 1←→0  Marked read.")
    }

    // MARK: 4. The date prompt

    @Test func theDatePromptLeavesRoomToTypeAt40Columns() throws {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.character("d"))
        reader.type("2024-01-01..2024-03-31")
        let status = try #require(reader.screen.split(separator: "\n").last)
        #expect(status.contains("2024-01-01..2024-03-31"), "the whole range is in view: \(status)")
        let wide = ReaderHarness(width: 120, height: 40)
        wide.press(.character("d"))
        #expect(wide.screen.split(separator: "\n").last?.contains("dates (YYYY-MM-DD..YYYY-MM-DD):") == true)
    }

    @Test func aBadDateKeepsThePromptOpenWithTheTextAndSaysWhy() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("d"))
        reader.type("2024-13-01..")
        reader.press(.enter)
        #expect(reader.model.prompt?.kind == .dates, "still open")
        #expect(reader.promptText == "2024-13-01..")
        #expect(reader.model.prompt?.problem == "“2024-13-01” is not a date: YYYY-MM-DD, either side of .. may be empty.")
        let rows = reader.screen.split(separator: "\n", omittingEmptySubsequences: false)
        let promptRow = try #require(rows.firstIndex { $0.hasPrefix(" dates (YYYY-MM-DD..YYYY-MM-DD): 2024-13-01..") })
        #expect(promptRow == 23 && rows[22].hasPrefix(" “2024-13-01” is not a date"), "above the prompt:\n\(reader.screen)")
        #expect(reader.filter.since == nil)
        // Corrected in place: the problem goes with the first edit, Enter applies.
        reader.press(.control("u"))
        #expect(reader.model.prompt?.problem == nil)
        reader.type("2024-01..")
        #expect(reader.promptText == "2024-01..")
        reader.press(.enter)
        #expect(reader.model.prompt?.problem != nil, "2024-01 is no whole date either")
        reader.press(.control("u"))
        reader.type("2024-03-01..")
        reader.press(.enter)
        #expect(reader.model.modal == nil)
        #expect(reader.filter.since?.dateString == "2024-03-01")
        #expect(reader.order == [6, 5, 1])
    }

    @Test func aReversedRangeIsRefusedInWords() {
        #expect(ReaderModel.parseDates("2024-05-01..2024-01-01").problem == "2024-05-01 is after 2024-01-01: the earlier date goes first.")
        #expect(ReaderModel.parseDates("2024-01-01..2024-01-01").problem == nil)
        #expect(ReaderModel.parseDates("..2024-01-01").since == nil)
        #expect(ReaderModel.parseDates("1..2..3").problem != nil)
    }

    // MARK: 5. Save over a file asks first

    @Test func savingOverAFileAsksFirst() throws {
        let reader = ReaderHarness(width: 80, height: 24)
        Self.openFirst(reader)
        reader.existingFiles = ["wang-luo.md"]
        reader.press(.character("S"), .enter)
        #expect(reader.saved.isEmpty, "nothing written before the answer")
        guard case .confirm(let confirm)? = reader.model.modal else {
            Issue.record("no question: \(String(describing: reader.model.modal))")
            return
        }
        #expect(confirm.question == "wang-luo.md exists: replace it? (y/n)")
        #expect(reader.screen.contains("wang-luo.md exists: replace it?"))
        reader.press(.character("n"))
        #expect(reader.saved.isEmpty)
        #expect(reader.message == "Not saved: wang-luo.md is as it was.")
        reader.press(.character("S"), .enter, .character("y"))
        #expect(reader.saved.map(\.path) == ["wang-luo.md"])
        #expect(reader.saved.first?.text.contains("5G信号覆盖最后一个自然村") == true)
        #expect(reader.message == "Saved wang-luo.md.")
        // A new name is written at once.
        reader.press(.character("S"), .control("u"))
        reader.type("new.txt")
        reader.press(.enter)
        #expect(reader.saved.map(\.path) == ["wang-luo.md", "new.txt"])
    }

    // MARK: 6. The scroll position

    @Test func thePositionIsOfTheBottomLineThroughTheWholeArticle() throws {
        // 春耕 at 40x12: the article alone, nine rows of a longer text.
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.character("g"), .character("j"), .character("j"), .enter)
        let count = reader.model.article.lines.count
        #expect(count > 18, "long enough for a first, a middle and a last screen")
        func title() -> String { String(reader.screen.split(separator: "\n")[1]) }
        #expect(title().hasSuffix("1-9/\(count) \(9 * 100 / count)%"), "\(title())")
        reader.press(.character("j"), .character("j"), .character("j"), .character("j"))
        #expect(title().hasSuffix("5-13/\(count) \(13 * 100 / count)%"), "\(title())")
        reader.press(.character("G"))
        #expect(title().hasSuffix("\(count - 8)-\(count)/\(count) 100%"), "\(title())")
        reader.press(.character("k"))
        #expect(title().hasSuffix("/\(count) \((count - 1) * 100 / count)%") && !title().hasSuffix("100%"), "100% only at the end: \(title())")
        // All of it on one screen: "all".
        let short = ReaderHarness(width: 120, height: 40)
        short.press(.character("g"), .enter)
        #expect(short.screen.split(separator: "\n")[1].hasSuffix("all"))
    }

    // MARK: 8. The other snapshots at the article's head

    @Test func theArticleHeadListsTheOtherSnapshotsAndSaysHowToReachThem() throws {
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 120, height: 40)
        let index = try #require(reader.order.firstIndex(of: 1))
        reader.press(.character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        reader.press(.enter)
        let text = reader.model.article.lines.map(\.text)
        let meta = try #require(text.firstIndex { $0.hasPrefix("国内 · 2024-03-20 08:30") })
        #expect(text[meta + 1] == "= 3 other snapshots of this story · 3 Related · D diff")
        #expect(text[meta + 2].hasPrefix("  24-03-20 08:30 · 山城晚报 · 快照 24-07-03 10:00 · 春耕备耕忙,万亩良田"), "the edit, with its new title")
        #expect(text[meta + 3] == "  24-03-20 14:00 · 江南日报 · 快照 24-07-02 09:15")
        #expect(text[meta + 4].hasPrefix("  24-03-21 09:00 · 香港商報 · 快照 24-07-04 20:30 · 春耕備耕忙"), "the other script's title is another title")
        #expect(text[meta + 5] == "")
        // The related pane's entries stay: 3 then Enter opens the first listed.
        reader.press(.character("3"), .enter)
        #expect(reader.document?.handle == 8)
    }

    @Test func aShortPaneListsFewerAndSaysHowManyMore() throws {
        // A height where the article pane has 12 to 15 rows of text.
        let height = try #require((12...80).first { height in
            var model = ReaderModel(corpusName: "", width: 120, height: height)
            model.focus = .article
            return CopiesBlock.shown(forBodyHeight: (model.layout.article?.height ?? 0) - 1) == 1
        })
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 120, height: height)
        let index = try #require(reader.order.firstIndex(of: 1))
        reader.press(.character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        reader.press(.enter)
        let text = reader.model.article.lines.map(\.text)
        let head = try #require(text.firstIndex { $0.hasPrefix("= 3 other snapshots") })
        #expect(text[head + 1].hasPrefix("  24-03-20 08:30"))
        #expect(text[head + 2] == "  +2 more")
        // 40x12: the count line alone, and it fits.
        let small = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 40, height: 12)
        small.press(.character("g"))
        for _ in 0..<index { small.press(.character("j")) }
        small.press(.enter)
        let lines = small.screen.split(separator: "\n").map(String.init)
        #expect(lines.contains(" = 3 other snapshots: 3 Related, D diff"), "\(small.screen)")
        #expect(!lines.contains { $0.contains("+2 more") })
    }

    @Test func aScrollKeptOnTheTrailIsPutBackWhenTheCopiesArrive() throws {
        // 80x24: the article pane in view while it arrives, its copies a moment later.
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 80, height: 24)
        let index = try #require(reader.order.firstIndex(of: 1))
        reader.press(.character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        reader.press(.enter, .character("G"))
        let end = reader.model.article.scroll
        #expect(end > 0)
        reader.press(.character("3"), .enter, .character("H"))
        #expect(reader.document?.handle == 1)
        #expect(reader.model.article.scroll == end, "back at the end, with the copies line above the text")
    }

    // MARK: 9. The diff view is drawn as the other overlays

    @Test func theDiffViewSaysWhereItIsAsTheHelpDoes() throws {
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 40, height: 12)
        let index = try #require(reader.order.firstIndex(of: 1))
        reader.press(.character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        reader.press(.enter, .character("D"))
        let state = try #require(reader.model.diffView)
        let count = DiffView.lines(state, width: 40).count
        let title = String(reader.screen.split(separator: "\n")[1])
        #expect(title.hasSuffix("1-9/\(count) ↓ more"), "\(title)")
        reader.press(.character("G"))
        #expect(String(reader.screen.split(separator: "\n")[1]).hasSuffix("/\(count) end"))
        #expect(reader.model.diffView?.scroll == DiffView.maxScroll(state, width: 40, height: 12))
    }
}
