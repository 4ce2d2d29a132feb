import Foundation
import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// Copies in the reader, driven by messages over the fixture library with
/// 春耕's story in four snapshots: 1 (the original), 7 (a repost), 8 (an
/// edit: new title, second paragraph rewritten), 9 (traditional).
@Suite struct CopiesReaderTests {
    static func reader(width: Int = 120, height: Int = 40) -> ReaderHarness {
        ReaderHarness(library: FixtureLibrary(withCopies: true), width: width, height: height)
    }

    /// Selects the list row of a handle and opens it (the article pane gets focus).
    static func open(_ handle: Int64, in reader: ReaderHarness) {
        guard let index = reader.order.firstIndex(of: handle) else {
            Issue.record("handle \(handle) is not listed")
            return
        }
        reader.press(.character("1"), .character("g"))
        for _ in 0..<index { reader.press(.character("j")) }
        reader.press(.enter)
    }

    @Test func rowsSayHowManySnapshotsTheirStoryHas() {
        let reader = Self.reader()
        let rows = reader.model.list.rows
        #expect(rows[1]?.copies == 3 && rows[9]?.copies == 3)
        #expect(rows[2]?.copies == 0)
        let lines = reader.screen.split(separator: "\n")
        let spring = lines.filter { $0.contains("春耕备耕忙,田间地头") }
        #expect(spring.count == 2 && spring.allSatisfy { $0.contains("×4") }, "the original and the repost say ×4:\n\(reader.screen)")
        #expect(lines.first { $0.contains("八公里新水渠") }.map { !$0.contains("×") } == true, "a story of one says nothing")
    }

    @Test func theCountGivesWayBeforeTheTitleIsUnreadable() {
        // 26 columns: marks and title only (no date), the title keeps 20 columns with ×4, which is enough.
        var model = Self.reader().model
        model.width = 26
        #expect(InMemoryTerminal(width: 26, height: 40).text(of: model).contains("×4"))
        // 21 columns: the title would keep 15, under the 16 it needs: the count goes.
        model.width = 21
        #expect(!InMemoryTerminal(width: 21, height: 40).text(of: model).contains("×4"))
    }

    @Test func distinctShowsOneRowAStoryAndIsKeptInTheSession() {
        let reader = Self.reader()
        #expect(reader.order.count == 9)
        reader.press(.character("O"))
        #expect(reader.filter.distinct)
        #expect(Set(reader.order) == [1, 2, 3, 4, 5, 6], "of the story, only the first published stays")
        #expect(reader.screen.contains("6 stories (one a story)"))
        #expect(reader.screen.contains("one a story"))
        let session = reader.model.session
        #expect(session.encoded.contains("distinct"))
        // A new start with the saved place lists one a story again.
        let again = Self.reader()
        again.send(.restore(ReaderSession(encoded: session.encoded)))
        #expect(again.filter.distinct && again.order.count == 6)
        reader.press(.character("O"))
        #expect(!reader.filter.distinct && reader.order.count == 9)
    }

    /// One row a story while a later snapshot is open: the story's row
    /// (its first published snapshot) is selected and shown, not the list's
    /// first, and the status line says why.
    @Test func distinctKeepsTheOpenStory() {
        let reader = Self.reader()
        Self.open(7, in: reader)
        #expect(reader.document?.handle == 7)
        reader.press(.character("O"))
        #expect(!reader.order.contains(7))
        #expect(reader.order[reader.selected] == 1, "the story's row, not the list's first (\(reader.order))")
        #expect(reader.document?.handle == 1)
        #expect(reader.message == "Filtered out: showing another snapshot of this story.")
        // A story of one snapshot is unaffected: a filter hiding it shows the list's first.
        reader.press(.character("O"))
        Self.open(4, in: reader)
        reader.press(.character("c"))
        reader.type("国内")
        reader.press(.enter)
        #expect(reader.selected == 0)
        #expect(reader.message == "Filtered out: showing the list's first.")
    }

    @Test func theOtherSnapshotsAreListedAndOpenOntoTheTrail() {
        let reader = Self.reader()
        Self.open(1, in: reader)
        #expect(reader.model.related.copies.map(\.docno) == [8, 7, 9], "first published first; the edit ties with the original and comes first")
        reader.press(.character("3"))
        #expect(reader.screen.contains("─ other snapshots of this story (3) ─"))
        #expect(reader.screen.contains("24-03-20 14:00 · 江南日报 · 快照 24-07-02 09:15"))
        #expect(reader.screen.contains("春耕備耕忙"), "a copy whose title differs shows it")
        reader.press(.character("j"))
        reader.press(.enter)
        #expect(reader.document?.handle == 7)
        #expect(reader.model.trail.back.count == 1)
        #expect(reader.model.related.copies.map(\.docno) == [1, 8, 9])
        reader.press(.character("H"))
        #expect(reader.document?.handle == 1)
        #expect(reader.model.related.selected == 1, "back restores the selection on the copy followed")
        // Past the copies, the related items are as before.
        reader.press(.character("j"), .character("j"))
        #expect(!reader.model.related.isCopy(reader.model.related.selected) && reader.model.related.isItem(reader.model.related.selected))
    }

    @Test func diffNamesTheTitleAndTheRewrittenParagraph() throws {
        let reader = Self.reader()
        Self.open(8, in: reader)
        reader.press(.character("D"))
        let state = try #require(reader.model.diffView)
        #expect(state.from.handle == 1 && state.to.handle == 8, "older side first, whichever is open")
        let diff = try #require(state.diff)
        #expect(diff.title?.to == "春耕备耕忙,万亩良田处处是希望")
        #expect(diff.blocks.count == 1 && diff.blocks.first?.change == .changed && diff.blocks.first?.fromIndex == 1)
        let screen = reader.screen
        #expect(screen.contains("title changed:") && screen.contains("paragraph 2 changed (now 2):"))
        #expect(screen.contains("春耕备耕忙,{+万亩良+}田[-间地头-]处处是希望"), "the characters that changed, marked as the CLI marks them:\n\(screen)")
        #expect(screen.contains("“种子、化肥都提前备齐了,[-就-]{+只+}等[-这-]{+一+}场{+透+}雨。”"))
        // The marks carry their roles for the theme's colours as well.
        let buffer = InMemoryTerminal(width: 120, height: 40).screen(of: reader)
        #expect(buffer.cells.contains { $0.role == .diffAdded } && buffer.cells.contains { $0.role == .diffRemoved })
        reader.press(.escape)
        #expect(reader.model.modal == nil)
        #expect(reader.screen.contains("春耕备耕忙,万亩良田处处是希望"))
    }

    @Test func aLineBreakNeverCutsAMarkFromItsText() {
        #expect(DiffView.keepingMarksWhole(["机构[-机器人", "-]{+合作社+}提升"]) == ["机构[-机器人-]", "{+合作社+}提升"])
        #expect(DiffView.keepingMarksWhole(["一二三{+", "四+}五"]) == ["一二三", "{+四+}五"])
        // Wrapped for real: every line of a long changed paragraph begins and ends outside a mark's two characters.
        let pieces: [TextDiffPiece] = (0..<30).flatMap { _ in [.same("合作社负责人老赵"), .deleted("机器人"), .inserted("拖拉机")] }
        for line in DiffView.wrap(DiffView.marked(pieces), width: 40, indent: 3) {
            let text = line.text.trimmingCharacters(in: .whitespaces)
            #expect(!text.hasPrefix("-]") && !text.hasPrefix("+}") && !text.hasSuffix("[-") && !text.hasSuffix("{+"), "\(text)")
            #expect(DisplayWidth.of(line.text) <= 40)
        }
    }

    @Test func diffTakesTheCopySelectedInRelatedAndScrolls() throws {
        let reader = Self.reader(width: 40, height: 12)
        Self.open(1, in: reader)
        reader.press(.character("3"), .character("j"), .character("j"))
        reader.press(.character("D"))
        let state = try #require(reader.model.diffView)
        #expect(state.to.handle == 9)
        let lines = DiffView.lines(state, width: 40).count
        #expect(lines > 9, "the traditional copy drops two blocks, wrapped at 40 columns")
        reader.press(.character("G"))
        // 12 rows: the top line, the view's title line, 9 lines of diff, the status line.
        #expect(reader.model.diffView?.scroll == lines - 9, "scrolled to the last line, no further")
        reader.press(.character("k"))
        #expect(reader.model.diffView?.scroll == lines - 10)
        reader.press(.character("D"))
        #expect(reader.model.modal == nil, "the diff key closes it again")
        // A story of one has nothing to compare with.
        Self.open(2, in: reader)
        reader.press(.character("D"))
        #expect(reader.model.modal == nil && reader.message == "This story has no other snapshot to compare with.")
    }

    @Test func diffOfTwoSnapshotsWaitsForItsAnswer() {
        var model = ReaderModel(corpusName: "test")
        let library = FixtureLibrary(withCopies: true)
        for effect in Reader.start(&model) { if let answer = library.answer(effect) { _ = Reader.update(&model, answer) } }
        model.article.wanted = 8
        _ = Reader.update(&model, .documentLoaded(handle: 8, try? library.document(8), error: nil))
        _ = Reader.update(&model, .copiesLoaded(handle: 8, (try? library.copies(8)) ?? []))
        let effects = Reader.update(&model, .key(.character("D")))
        #expect(effects.contains(.loadDiff(from: 1, to: 8)))
        #expect(InMemoryTerminal(width: 80, height: 24).text(of: model).contains("comparing…"))
        // An answer for another pair is not this view's.
        _ = Reader.update(&model, .diffLoaded(from: 7, to: 8, nil, error: "gone"))
        #expect(model.diffView?.error == nil)
        _ = Reader.update(&model, .diffLoaded(from: 1, to: 8, nil, error: "file is gone"))
        #expect(InMemoryTerminal(width: 80, height: 24).text(of: model).contains("Cannot compare them: file is gone"))
    }

    @Test func zCyclesTheScriptThroughOpenCCOffTheRenderPath() throws {
        let reader = Self.reader()
        Self.open(1, in: reader)
        reader.holdConversions = true
        reader.press(.character("z"))
        #expect(reader.model.article.script.pending == .simplified)
        #expect(reader.screen.contains("简体…"), "the header says it is converting")
        reader.releaseConversions()
        #expect(reader.model.article.script.script == .simplified)
        reader.press(.character("z"))
        // Not answered yet: the article is still shown as it was.
        #expect(reader.screen.contains("春耕备耕忙,田间地头处处是希望"))
        reader.releaseConversions()
        #expect(reader.model.article.script.script == .traditional)
        let screen = reader.screen
        #expect(screen.contains("繁體 · "), "the header names the script")
        #expect(screen.contains("春耕備耕忙,田間地頭處處是希望"), "title and body in traditional:\n\(screen)")
        #expect(screen.contains("合作社的拖拉機"))
        reader.press(.character("z"))
        #expect(reader.model.article.script == ShownScript())
        #expect(reader.screen.contains("春耕备耕忙,田间地头处处是希望"))
        // The traditional copy in simplified.
        reader.holdConversions = false
        reader.press(.character("1"))
        Self.open(9, in: reader)
        reader.press(.character("z"))
        #expect(reader.screen.contains("春耕备耕忙,田间地头处处是希望") && reader.screen.contains("简体 · "))
        // A conversion that arrives after another article was opened is dropped.
        let article = try #require(reader.document?.article)
        reader.press(.character("1"))
        Self.open(2, in: reader)
        reader.send(.scriptConverted(handle: 9, .traditional, article, error: nil))
        #expect(reader.model.article.script == ShownScript())
    }

    @Test func theNewKeysAreRemappableNamedInHelpAndHinted() throws {
        let config = try ReaderConfig.parse("""
            [keys.global]
            "V" = "distinct"
            "=" = "diff"
            "Z" = "cycle-script"
            "O" = "none"
            "D" = "none"
            "z" = "none"
            """, file: "config.toml")
        #expect(config.keymap.action(for: .character("V"), in: .list) == .distinct)
        #expect(config.keymap.action(for: .character("="), in: .related) == .diff)
        #expect(config.keymap.action(for: .character("Z"), in: .article) == .cycleScript)
        #expect(config.keymap.action(for: .character("D"), in: .related) == nil)
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true), width: 120, height: 40, keymap: config.keymap)
        #expect(!reader.screen.contains("one a story"), "not on a row of a story of one")
        reader.press(.character("j"), .character("j"))
        #expect(reader.screen.contains("V one a story"), "the list hints the toggle on a row with copies:\n\(reader.screen)")
        reader.press(.enter)
        let status = reader.screen.components(separatedBy: "\n").last(where: { !$0.isEmpty }) ?? ""
        #expect(status.contains("= diff  Z script"), "the article's hints name the remapped keys: \(status)")
        reader.press(.character("?"))
        let help = HelpView.lines(reader.model, width: 120).map(\.0).joined(separator: "\n")
        for name in ["distinct", "diff", "cycle-script"] { #expect(help.contains(name)) }
        #expect(Keymap.defaults.action(for: .character("O"), in: .list) == .distinct)
        #expect(Keymap.defaults.action(for: .character("D"), in: .article) == .diff)
        #expect(Keymap.defaults.action(for: .character("z"), in: .article) == .cycleScript)
    }

    /// At 40 columns a long source gives way: the capture time stays whole,
    /// in the related pane and in the article's head alike.
    @Test func aNarrowCopyLineKeepsItsCaptureTime() throws {
        let published = try #require(SnapshotTime(parsing: "2024-03-25 11:52:00"))
        let captured = try #require(SnapshotTime(parsing: "2024-03-25 14:45:16"))
        let copy = CopySummary(docno: 2, path: "b.txt", id: "b", title: "标题", source: "大众报业·齐鲁壹点新闻客户端",
                               publishedAt: published, capturedAt: captured)
        for width in [33, 37] {
            let line = RelatedView.copyLine(copy, openTitle: "标题", compact: true, width: width)
            #expect(line.hasSuffix("快照 03-25 14:45"), "\(line)")
            #expect(DisplayWidth.of(line) <= width, "\(line)")
        }
        #expect(RelatedView.copyLine(copy, openTitle: "标题", compact: false).contains("大众报业·齐鲁壹点新闻客户端"))
    }

    /// Another process indexed a new copy, then a copy's file was removed:
    /// the open article's other snapshots follow each reload, and the
    /// related pane's selection stays on the item it was on.
    @Test func theOpenStorysSnapshotsFollowTheIndex() throws {
        let reader = Self.reader()
        reader.library.copyGroups = [[1, 7, 8]]
        Self.open(1, in: reader)
        #expect(reader.model.related.copies.map(\.docno) == [8, 7])
        let itemEntry = reader.model.related.copies.count
        reader.model.related.selected = itemEntry
        let target = try #require(reader.model.related.target(at: itemEntry))
        reader.library.copyGroups = [[1, 7, 8, 9]]
        let asked = reader.allEffects.filter { $0 == .loadCopies(handle: 1) }.count
        reader.send(.indexChanged)
        #expect(reader.allEffects.filter { $0 == .loadCopies(handle: 1) }.count == asked + 1, "a reload asks for the open story's snapshots again")
        #expect(reader.model.related.copies.map(\.docno) == [8, 7, 9])
        #expect(reader.model.related.target(at: reader.model.related.selected) == target)
        reader.press(.character("3"))
        #expect(reader.screen.contains("─ other snapshots of this story (3) ─"))
        reader.library.copyGroups = [[1, 8]]
        reader.send(.indexChanged)
        #expect(reader.model.related.copies.map(\.docno) == [8])
        #expect(reader.model.related.target(at: reader.model.related.selected) == target)
        #expect(reader.screen.contains("─ other snapshots of this story (1) ─"))
    }
}

/// Golden screens of copies at three sizes (`SNAPREAD_RECORD_GOLDEN=1` re-records).
@Suite struct CopiesScreenTests {
    static let sizes = [(120, 40), (80, 24), (40, 12)]

    @Test(arguments: sizes)
    func rowsWithTheirCount(width: Int, height: Int) throws {
        let reader = CopiesReaderTests.reader(width: width, height: height)
        try ScreenTests.expectScreen(reader.screen, named: "copies-rows-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func theOtherSnapshots(width: Int, height: Int) throws {
        let reader = CopiesReaderTests.reader(width: width, height: height)
        CopiesReaderTests.open(1, in: reader)
        reader.press(.character("3"))
        try ScreenTests.expectScreen(reader.screen, named: "copies-related-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func theDiffView(width: Int, height: Int) throws {
        let reader = CopiesReaderTests.reader(width: width, height: height)
        CopiesReaderTests.open(8, in: reader)
        reader.press(.character("D"))
        try ScreenTests.expectScreen(reader.screen, named: "copies-diff-\(width)x\(height)")
    }

    /// The edited version in traditional (handle 10) against the original: the
    /// title and paragraph 2 named, only the edit marked, in its own characters.
    @Test(arguments: sizes)
    func theDiffViewOfAnEditInTheOtherScript(width: Int, height: Int) throws {
        let reader = ReaderHarness(library: FixtureLibrary(withCopies: true, withTraditionalEdit: true), width: width, height: height)
        CopiesReaderTests.open(10, in: reader)
        reader.press(.character("D"))
        try ScreenTests.expectScreen(reader.screen, named: "copies-diff-traditional-edit-\(width)x\(height)")
        let lines = DiffView.lines(try #require(reader.model.diffView), width: width).map(\.text)
        #expect(lines.filter { $0.hasSuffix(":") && $0.hasPrefix(" ") && !$0.hasPrefix("  ") } == [" title changed:", " paragraph 2 changed (now 2):"], "\(lines)")
        #expect(lines.contains { $0.contains("edited, in the other script") }, "\(lines)")
    }

    @Test(arguments: sizes)
    func anArticleInTraditional(width: Int, height: Int) throws {
        let reader = CopiesReaderTests.reader(width: width, height: height)
        CopiesReaderTests.open(1, in: reader)
        reader.press(.character("z"), .character("z"))
        try ScreenTests.expectScreen(reader.screen, named: "copies-traditional-\(width)x\(height)")
    }
}

/// The copies screens under `ambiguous_width = 2` (`×`, `─`, `·` two columns wide): every row adds up to the width.
@Suite struct CopiesAmbiguousScreenTests {
    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func everyCopiesScreenFits(width: Int, height: Int) {
        WidthMode.$current.withValue(.ambiguousWide) {
            let terminal = InMemoryTerminal(width: width, height: height, widthMode: .ambiguousWide)
            let reader = CopiesReaderTests.reader(width: width, height: height)
            AmbiguousScreenTests.expectRowsFit(terminal.screen(of: reader))
            #expect(terminal.text(of: reader).contains("×4"))
            CopiesReaderTests.open(8, in: reader)
            reader.press(.character("3"))
            AmbiguousScreenTests.expectRowsFit(terminal.screen(of: reader))
            reader.press(.character("D"))
            AmbiguousScreenTests.expectRowsFit(terminal.screen(of: reader))
            reader.press(.escape, .character("z"), .character("z"))
            AmbiguousScreenTests.expectRowsFit(terminal.screen(of: reader))
        }
    }
}
