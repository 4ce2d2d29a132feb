import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// What a new user hit in the reader: a search in the other Chinese script
/// found articles but marked nothing, Ctrl-L answered a question and wiped
/// the message, and a click left the old message up.
@Suite struct NewUserFixesTests {
    /// The texts of the article pane's search-hit spans, line by line.
    static func hits(_ reader: ReaderHarness) -> [String] {
        reader.model.article.lines.flatMap(\.spans).filter { $0.role == .searchHit }.map(\.text)
    }

    @Test func aHitInTheOtherScriptIsMarkedAsTheArticleWritesIt() {
        let line = StyledLine([("春耕備耕忙,田間地頭處處是希望", .title)])
        let marked = ArticleLayout.highlight(line, terms: ["田间地头"])
        #expect(marked == StyledLine([("春耕備耕忙,", .title), ("田間地頭", .searchHit), ("處處是希望", .title)]))
        let simplified = ArticleLayout.highlight(StyledLine([("乡村书店开进老粮仓", .normal)]), terms: ["書店", "糧倉"])
        #expect(simplified == StyledLine([("乡村", .normal), ("书店", .searchHit), ("开进老", .normal), ("粮仓", .searchHit)]))
        // ASCII case is still ignored next to folded Chinese.
        let mixed = ArticleLayout.highlight(StyledLine([("5G信號覆蓋", .normal)]), terms: ["5g信号"])
        #expect(mixed == StyledLine([("5G信號", .searchHit), ("覆蓋", .normal)]))
    }

    @Test func aTraditionalQueryMarksAndWalksASimplifiedArticle() {
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true))
        reader.press(.character("/"))
        reader.type("書店")
        reader.press(.enter)
        #expect(reader.model.list.order == [5])
        #expect(reader.model.article.document?.handle == 5)
        // In the title and in the body.
        #expect(Self.hits(reader) == ["书店", "书店"])
        reader.press(.character("2"), .character("n"))
        #expect(reader.message == "hit 2/2")
    }

    @Test func aSimplifiedQueryMarksATraditionalArticle() throws {
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true))
        reader.press(.character("/"))
        reader.type("对记者说")
        reader.press(.enter)
        let index = try #require(reader.model.list.order.firstIndex(of: 9), "the Hong Kong copy is found")
        reader.press(.character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        #expect(reader.model.article.document?.handle == 9)
        #expect(Self.hits(reader) == ["對記者說"])
        reader.press(.character("2"), .character("n"))
        #expect(reader.message == "hit 1/1")
    }

    @Test func ctrlLInTheMarkAllReadQuestionOnlyRedraws() {
        let reader = ReaderHarness()
        reader.press(.character("A"))
        let asked = reader.screen
        let effects = reader.press(.control("l"))
        #expect(effects == [.redraw])
        #expect(reader.screen == asked, "the same screen, question and status line as they were")
        guard case .confirm? = reader.model.modal else {
            Issue.record("the question is still open")
            return
        }
        let answered = reader.press(.character("y"))
        #expect(answered.contains { if case .write(.readAll) = $0 { true } else { false } })
    }

    @Test func ctrlLKeepsTheStatusMessage() {
        let reader = ReaderHarness()
        reader.send(.themeChanged(name: "light", position: 2, count: 4))
        #expect(reader.message == "Theme: light (2/4)")
        let before = reader.screen
        #expect(reader.press(.control("l")) == [.redraw])
        #expect(reader.message == "Theme: light (2/4)")
        #expect(reader.screen == before)
        reader.press(.character("A"), .character("n"))
        #expect(reader.message == "Nothing marked.")
        reader.press(.control("l"))
        #expect(reader.message == "Nothing marked.")
        // Another key still clears it.
        reader.press(.character("j"))
        #expect(reader.message == nil)
    }

    @Test func aClickClearsTheOldMessageAsAKeyDoes() throws {
        let reader = ReaderHarness()
        reader.press(.enter, .character("m"))
        #expect(reader.message == "Marked unread.")
        let list = try #require(reader.model.layout.body(of: .list))
        reader.press(.mouse(MouseEvent(kind: .press, x: list.x + 4, y: list.y + 1)))
        #expect(reader.message == nil)
        #expect(reader.model.list.selected == 1, "and the click still selects")
        reader.press(.character("m"))
        #expect(reader.message != nil)
        reader.press(.mouse(MouseEvent(kind: .wheelDown, x: list.x + 4, y: list.y + 1)))
        #expect(reader.message == nil)
    }
}
