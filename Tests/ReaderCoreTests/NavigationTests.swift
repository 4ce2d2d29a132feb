import ReaderTesting
import Testing
@testable import ReaderCore

@Suite struct NavigationTests {
    func start(width: Int = 120, height: Int = 40) -> (ReaderHarness, FixtureLibrary) {
        let reader = ReaderHarness(width: width, height: height)
        return (reader, reader.library)
    }

    @Test func listIsNewestFirstAndMovingPreviews() {
        let (reader, _) = start()
        #expect(reader.order == [6, 5, 1, 2, 3, 4])
        #expect(reader.document?.path == "wang-luo.txt")
        reader.press(.character("j"))
        #expect(reader.document?.path == "shu-dian.txt")
        reader.press(.character("G"))
        #expect(reader.document?.path == "qi-xiang.txt")
        reader.press(.character("g"))
        #expect(reader.selected == 0)
        reader.press(.up)
        #expect(reader.selected == 0, "stays at the top")
    }

    @Test func openingMarksReadAndFocusesTheArticle() {
        let (reader, _) = start()
        let effects = reader.press(.enter)
        #expect(reader.focus == .article)
        #expect(effects == [.write(.read(handle: 6, id: reader.document!.article.id, read: true))])
        #expect(reader.selectedRow?.read == true)
    }

    @Test func followingLinksBackAndForwardRestoreEverything() throws {
        let (reader, _) = start()
        reader.press(.character("j"))
        reader.press(.character("j"))
        #expect(reader.document?.path == "chun-geng.txt")
        reader.press(.character("2"))
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.character("3"))
        #expect(reader.relatedRows.count == 2)
        #expect(reader.relatedRows[0].target?.path == "shui-qu.txt")
        #expect(reader.relatedRows[1].target == nil, "the lecture is not in the corpus")
        let effects = reader.press(.enter)
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(reader.order[reader.selected] == 2, "the followed story is selected in the list")
        #expect(effects.count == 1)
        #expect(reader.backlinkRows.map(\.path) == ["chun-geng.txt"])
        // A chain three deep.
        reader.press(.enter)
        #expect(reader.document?.path == "di-ba.txt")
        reader.press(.enter)
        #expect(reader.document?.path == "qi-xiang.txt")
        // Back three times: each step restores the article, selection and focus.
        reader.press(.character("H"))
        #expect(reader.document?.path == "di-ba.txt")
        reader.press(.backspace)
        #expect(reader.document?.path == "shui-qu.txt")
        reader.press(.control("o"))
        #expect(reader.document?.path == "chun-geng.txt")
        #expect(reader.selected == 2)
        #expect(reader.focus == .related)
        reader.press(.character("H"))
        #expect(reader.message == "Nothing to go back to.")
        reader.press(.character("L"))
        #expect(reader.document?.path == "shui-qu.txt")
        reader.press(.character("L"))
        #expect(reader.document?.path == "di-ba.txt")
    }

    /// A story opened from the list after a filter hid the one being read:
    /// the one being read is a step back, and back to it (the list no
    /// longer holds it) leaves the list on the row it was on, not on the row
    /// the story had in the list of then, which is another story's now.
    @Test func backToAStoryOutOfTheListLeavesTheListWhereItIs() {
        let (reader, _) = start()
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.character("2"))
        reader.press(.character("3"))
        reader.press(.enter)
        reader.press(.enter)
        #expect(reader.document?.path == "di-ba.txt")
        #expect(reader.order[reader.selected] == 3)
        // A filter that leaves di-ba out, then a story of it opened.
        reader.press(.character("c"))
        reader.type("国内")
        reader.press(.enter)
        #expect(reader.order == [1, 2])
        reader.press(.character("1"))
        reader.press(.character("j"))
        reader.press(.enter)
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(reader.selected == 1)
        // Back: to the story read before the filter, which it hides.
        reader.press(.character("H"))
        #expect(reader.document?.path == "di-ba.txt")
        #expect(reader.selected == 1, "the list stays on its row")
        #expect(reader.message == "This story is not in the current list.")
        // And forward again: the story is in the list, and selected.
        reader.press(.character("L"))
        #expect(reader.document?.path == "shui-qu.txt")
        #expect(reader.order[reader.selected] == 2)
    }

    @Test func backRestoresTheArticleScroll() {
        let (reader, _) = start(width: 60, height: 20)
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.character("2"))
        reader.press(.character("j"))
        reader.press(.character("j"))
        // The article pane's rows (the list's marks and the trail change).
        func articlePane() -> [String] { Array(InMemoryTerminal(width: 60, height: 20).screen(of: reader).rows[7...14]) }
        let scrolled = articlePane()
        #expect(scrolled[0].contains("3-9/18"))
        reader.press(.character("3"))
        reader.press(.enter)
        #expect(articlePane() != scrolled)
        reader.press(.character("H"))
        #expect(articlePane() == scrolled)
    }

    @Test func unresolvedItemSaysSoAndStays() {
        let (reader, _) = start()
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.character("3"))
        reader.press(.character("j"))
        reader.press(.enter)
        #expect(reader.document?.path == "chun-geng.txt")
        #expect(reader.message == "That story is not in this corpus.")
    }

    @Test func panesCycleAndQuitAndSuspend() {
        let (reader, _) = start()
        reader.press(.tab)
        #expect(reader.focus == .article)
        reader.press(.tab)
        #expect(reader.focus == .related)
        reader.press(.tab)
        #expect(reader.focus == .list)
        reader.press(.backTab)
        #expect(reader.focus == .related)
        #expect(reader.press(.character("q")) == [.quit])
        #expect(reader.press(.control("c")) == [.quit])
        #expect(reader.press(.control("z")) == [.suspend])
    }

    @Test func articleScrollsByLineAndPageWithinBounds() {
        let (reader, _) = start(width: 40, height: 12)
        reader.press(.character("j"))
        reader.press(.character("j"))
        reader.press(.enter)
        #expect(reader.focus == .article)
        let top = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        reader.press(.character(" "))
        let paged = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        #expect(paged != top)
        reader.press(.character("G"))
        reader.press(.character("j"))
        let bottom = InMemoryTerminal(width: 40, height: 12).text(of: reader)
        #expect(bottom.contains("td.fyun.cc"), "the end shows the snapshot site")
        reader.press(.character("g"))
        #expect(InMemoryTerminal(width: 40, height: 12).text(of: reader) == top)
    }

    @Test func resizeReflows() {
        let (reader, _) = start(width: 120, height: 40)
        reader.press(.enter)
        reader.send(.resize(width: 50, height: 14))
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
        let reader = ReaderHarness(library: library, width: 80, height: 24)
        let terminal = InMemoryTerminal(width: 80, height: 24)
        #expect(terminal.text(of: reader).contains("2 skipped (!)"))
        reader.press(.character("!"))
        let text = terminal.text(of: reader)
        #expect(text.contains("notes.md"))
        #expect(text.contains("not a snapshot: no metadata line"))
        #expect(text.contains("empty file, not a snapshot"))
        reader.press(.escape)
        #expect(!terminal.text(of: reader).contains("empty file"))
    }
}

@Suite struct HelpScrollTests {
    @Test func helpScrollsToItsLastLine() {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("?"))
        reader.press(.character("G"))
        let text = InMemoryTerminal(width: 80, height: 24).text(of: reader)
        #expect(text.contains("Problem box") && text.contains("the next problem"), "the last lines (the fixed keys) are reachable")
        reader.press(.character("g"))
        #expect(InMemoryTerminal(width: 80, height: 24).text(of: reader).contains("Keys (generated from the keymap"))
    }
}
