import ReaderTesting
import Testing
@testable import ReaderCore

@Suite struct NavigationTests {
    func start(width: Int = 120, height: Int = 40) -> (Reader, FixtureLibrary) {
        let library = FixtureLibrary()
        let reader = Reader(library: library)
        reader.start(width: width, height: height)
        return (reader, library)
    }

    @Test func listIsNewestFirstAndMovingPreviews() {
        let (reader, _) = start()
        #expect(reader.order == [6, 5, 1, 2, 3, 4])
        #expect(reader.document?.path == "wang-luo.txt")
        _ = reader.handle(.character("j"))
        #expect(reader.document?.path == "shu-dian.txt")
        _ = reader.handle(.character("G"))
        #expect(reader.document?.path == "qi-xiang.txt")
        _ = reader.handle(.character("g"))
        #expect(reader.selected == 0)
        _ = reader.handle(.up)
        #expect(reader.selected == 0, "stays at the top")
    }

    @Test func openingMarksReadAndFocusesTheArticle() {
        let (reader, _) = start()
        let effects = reader.handle(.enter)
        #expect(reader.focus == .article)
        #expect(effects == [.markRead(id: reader.document!.article.id)])
        #expect(reader.selectedRow?.read == true)
    }

    @Test func followingLinksBackAndForwardRestoreEverything() throws {
        let (reader, _) = start()
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        #expect(reader.document?.path == "chun-geng.txt")
        _ = reader.handle(.character("2"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("3"))
        #expect(reader.relatedRows.count == 2)
        #expect(reader.relatedRows[0].target?.path == "shui-qu.txt")
        #expect(reader.relatedRows[1].target == nil, "the lecture is not in the corpus")
        let effects = reader.handle(.enter)
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(reader.order[reader.selected] == 2, "the followed story is selected in the list")
        #expect(effects.count == 1)
        #expect(reader.backlinkRows.map(\.path) == ["chun-geng.txt"])
        // A chain three deep.
        _ = reader.handle(.enter)
        #expect(reader.document?.path == "di-ba.txt")
        _ = reader.handle(.enter)
        #expect(reader.document?.path == "qi-xiang.txt")
        // Back three times: each step restores the article, selection and focus.
        _ = reader.handle(.character("H"))
        #expect(reader.document?.path == "di-ba.txt")
        _ = reader.handle(.backspace)
        #expect(reader.document?.path == "shui-qu.txt")
        _ = reader.handle(.control("o"))
        #expect(reader.document?.path == "chun-geng.txt")
        #expect(reader.selected == 2)
        #expect(reader.focus == .related)
        _ = reader.handle(.character("H"))
        #expect(reader.message == "Nothing to go back to.")
        _ = reader.handle(.character("L"))
        #expect(reader.document?.path == "shui-qu.txt")
        _ = reader.handle(.character("L"))
        #expect(reader.document?.path == "di-ba.txt")
    }

    @Test func backRestoresTheArticleScroll() {
        let (reader, _) = start(width: 60, height: 20)
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("2"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        // The article pane's rows (the list's marks and the trail change).
        func articlePane() -> [String] { Array(InMemoryTerminal(width: 60, height: 20).screen(of: reader).rows[7...14]) }
        let scrolled = articlePane()
        #expect(scrolled[0].contains("3-9/18"))
        _ = reader.handle(.character("3"))
        _ = reader.handle(.enter)
        #expect(articlePane() != scrolled)
        _ = reader.handle(.character("H"))
        #expect(articlePane() == scrolled)
    }

    @Test func unresolvedItemSaysSoAndStays() {
        let (reader, _) = start()
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("3"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.enter)
        #expect(reader.document?.path == "chun-geng.txt")
        #expect(reader.message == "That story is not in this corpus.")
    }

    @Test func panesCycleAndQuitAndSuspend() {
        let (reader, _) = start()
        _ = reader.handle(.tab)
        #expect(reader.focus == .article)
        _ = reader.handle(.tab)
        #expect(reader.focus == .related)
        _ = reader.handle(.tab)
        #expect(reader.focus == .list)
        _ = reader.handle(.backTab)
        #expect(reader.focus == .related)
        #expect(reader.handle(.character("q")) == [.quit])
        #expect(reader.handle(.control("c")) == [.quit])
        #expect(reader.handle(.control("z")) == [.suspend])
    }

    @Test func articleScrollsByLineAndPageWithinBounds() {
        let (reader, _) = start(width: 40, height: 12)
        _ = reader.handle(.character("j"))
        _ = reader.handle(.character("j"))
        _ = reader.handle(.enter)
        #expect(reader.focus == .article)
        let top = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        _ = reader.handle(.character(" "))
        let paged = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        #expect(paged != top)
        _ = reader.handle(.character("G"))
        _ = reader.handle(.character("j"))
        let bottom = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        #expect(bottom.contains("td.fyun.cc"), "the end shows the snapshot site")
        _ = reader.handle(.character("g"))
        #expect(InMemoryTerminal(width: 40, height: 12).text(of: reader) == top)
    }

    @Test func resizeReflows() {
        let (reader, _) = start(width: 120, height: 40)
        _ = reader.handle(.enter)
        reader.resize(width: 50, height: 14)
        let narrow = InMemoryTerminal(width: 50, height: 14).screen(of: reader)
        #expect(narrow.rows.allSatisfy { DisplayWidth.of($0) == 50 })
        #expect(narrow.rows[1].contains("2 Article"), "a small terminal shows the focused pane alone")
    }
}

@Suite struct SkippedFilesTests {
    @Test func skippedFilesAreCountedAndListedWithReasons() throws {
        let library = FixtureLibrary()
        library.skipped = [SkippedFile(path: "notes.md", reason: "not a snapshot: no metadata line"),
                           SkippedFile(path: "empty.txt", reason: "empty file, not a snapshot")]
        let reader = Reader(library: library)
        reader.start(width: 80, height: 24)
        let terminal = InMemoryTerminal(width: 80, height: 24)
        #expect(terminal.text(of: reader).contains("2 skipped (!)"))
        _ = reader.handle(.character("!"))
        let text = terminal.text(of: reader)
        #expect(text.contains("notes.md"))
        #expect(text.contains("not a snapshot: no metadata line"))
        #expect(text.contains("empty file, not a snapshot"))
        _ = reader.handle(.escape)
        #expect(!terminal.text(of: reader).contains("empty file"))
    }
}

@Suite struct HelpScrollTests {
    @Test func helpScrollsToItsLastLine() {
        let reader = Reader(library: FixtureLibrary())
        reader.start(width: 80, height: 24)
        _ = reader.handle(.character("?"))
        _ = reader.handle(.character("G"))
        let text = InMemoryTerminal(width: 80, height: 24).text(of: reader)
        #expect(text.contains("next theme"), "the last bindings are reachable")
        _ = reader.handle(.character("g"))
        #expect(InMemoryTerminal(width: 80, height: 24).text(of: reader).contains("Keys (generated from the keymap"))
    }
}
