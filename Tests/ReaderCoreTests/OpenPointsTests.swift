import Foundation
import ReaderTesting
import Testing
@testable import ReaderCore

/// What was wrong at start, in a box one problem at a time (point 7): each
/// readable whole at 40 columns, a key to move on, Esc to dismiss them all.
@Suite struct StartupProblemsTests {
    static let problems = [
        "config.toml:2: “sometimes” is not a value; strings need quotes",
        "config.toml:5: unknown action “jump”",
        "config.toml:6: “Hyper-X” is not a key; a character, Ctrl-X, Enter, Space, Tab, Esc, Up, PgDn, F1 …",
    ]

    static func reader(width: Int = 40, height: Int = 12) -> ReaderHarness {
        let reader = ReaderHarness(width: width, height: height)
        reader.send(.problems(problems))
        return reader
    }

    /// The screen's rows joined without the box's borders: what the box says, wrapped or not.
    static func boxText(_ screen: String) -> String {
        screen.split(separator: "\n").compactMap { row -> String? in
            guard let open = row.firstIndex(of: "│"), let close = row.lastIndex(of: "│"), open < close else { return nil }
            return row[row.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    @Test func eachIsShownWholeInTurnAndAKeyMovesOn() {
        let reader = Self.reader()
        #expect(reader.screen.contains("Problem 1/3"))
        #expect(Self.boxText(reader.screen) == Self.problems[0], "wrapped inside the box, not cut:\n\(reader.screen)")
        #expect(reader.screen.split(separator: "\n").last?.contains("any key next") == true)
        // A key moves on; it is not also a command (the list stays where it was).
        reader.press(.character("j"))
        #expect(reader.selected == 0)
        #expect(reader.screen.contains("Problem 2/3") && Self.boxText(reader.screen) == Self.problems[1])
        // Up goes back one.
        reader.press(.up)
        #expect(reader.screen.contains("Problem 1/3"))
        reader.press(.character("j"), .enter)
        #expect(Self.boxText(reader.screen) == Self.problems[2])
        #expect(reader.screen.split(separator: "\n").last?.contains("any key close") == true)
        // After the last, a key closes the box; the next key is a command again.
        reader.press(.character("x"))
        #expect(reader.model.modal == nil)
        #expect(!reader.screen.contains("Problem"))
        reader.press(.character("j"))
        #expect(reader.selected == 1)
    }

    @Test func escDismissesThemAllAndCtrlLKeepsThem() {
        let reader = Self.reader(width: 80, height: 24)
        reader.press(.control("l"))
        #expect(reader.screen.contains("Problem 1/3"), "a redraw is no answer")
        #expect(reader.screen.split(separator: "\n").last?.contains("Esc close all") == true)
        reader.press(.escape)
        #expect(reader.model.modal == nil)
        #expect(reader.message == nil, "nothing is left on the status line")
    }

    @Test func oneArrivingWhileTheBoxIsOpenJoinsIt() {
        let reader = Self.reader()
        reader.send(.problems(["user.sqlite: read-only"]))
        #expect(reader.screen.contains("Problem 1/4"))
        // Over another view they wait on the status line instead of closing it.
        reader.press(.escape, .character("?"))
        reader.send(.problems(["a.toml:1: unknown role “x”"]))
        #expect(reader.model.modal == .help(scroll: 0))
        #expect(reader.message == "a.toml:1: unknown role “x”")
        // None: nothing opens.
        reader.press(.escape)
        reader.send(.problems([]))
        #expect(reader.model.modal == nil)
    }

    @Test func aProblemTallerThanTheScreenSaysThereIsMore() {
        let long = "user.sqlite: " + String(repeating: "damaged and not to be trusted ", count: 12)
        let reader = ReaderHarness(width: 40, height: 12)
        reader.send(.problems([long]))
        let rows = reader.screen.split(separator: "\n")
        #expect(rows.contains { $0.contains("…") && $0.hasPrefix("│") }, "the cut is shown:\n\(reader.screen)")
        #expect(rows.count == 12)
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func goldenScreens(width: Int, height: Int) throws {
        let reader = Self.reader(width: width, height: height)
        try ScreenTests.expectScreen(reader.screen, named: "problems-first-\(width)x\(height)")
        reader.press(.character("j"), .character("j"))
        try ScreenTests.expectScreen(reader.screen, named: "problems-last-\(width)x\(height)")
        WidthMode.$current.withValue(.ambiguousWide) {
            let terminal = InMemoryTerminal(width: width, height: height, widthMode: .ambiguousWide)
            AmbiguousScreenTests.expectRowsFit(terminal.screen(of: reader.model))
        }
    }
}

/// The lines the article's head lists the other snapshots on answer the
/// mouse: a copy opens as Enter on it in the related pane does, the count
/// line and "+N more" lead to the related pane's list.
@Suite struct ArticleCopyClickTests {
    /// The screen row a text is on, and the article pane's first column.
    static func place(of text: String, in reader: ReaderHarness, sourceLocation: SourceLocation = #_sourceLocation) throws -> (x: Int, y: Int) {
        let rows = reader.screen.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(rows.firstIndex { $0.contains(text) }, "no row with \(text):\n\(reader.screen)", sourceLocation: sourceLocation)
        let article = try #require(reader.model.layout.article, sourceLocation: sourceLocation)
        return (article.x + 4, y)
    }

    static func click(_ reader: ReaderHarness, at place: (x: Int, y: Int)) {
        reader.press(.mouse(MouseEvent(kind: .press, x: place.x, y: place.y)))
    }

    @Test func aClickOnACopyOpensItOntoTheTrail() throws {
        let reader = CopiesReaderTests.reader()
        CopiesReaderTests.open(1, in: reader)
        #expect(reader.model.related.copies.map(\.docno) == [8, 7, 9])
        let header = try Self.place(of: "= 3 other snapshots of this story", in: reader)
        // The second copy listed (7, the repost): the row below the first.
        Self.click(reader, at: (header.x, header.y + 2))
        #expect(reader.document?.handle == 7)
        #expect(reader.model.trail.back.count == 1)
        #expect(reader.focus == .article)
        reader.press(.character("H"))
        #expect(reader.document?.handle == 1)
        #expect(reader.model.related.selected == 1, "back brings the related pane's selection to the copy opened")
    }

    @Test func theCountLineAndMoreLeadToTheRelatedList() throws {
        // 120x26: one copy listed, then "+2 more".
        let reader = CopiesReaderTests.reader(width: 120, height: 26)
        CopiesReaderTests.open(1, in: reader)
        Self.click(reader, at: try Self.place(of: "+2 more", in: reader))
        #expect(reader.focus == .related && reader.model.related.selected == 1)
        #expect(reader.document?.handle == 1, "nothing opened")
        reader.press(.character("2"))
        Self.click(reader, at: try Self.place(of: "= 3 other snapshots", in: reader))
        #expect(reader.focus == .related && reader.model.related.selected == 0)
        // Scrolled past the head, the same rows are the article's text: a click there does nothing.
        reader.press(.character("2"), .character("j"), .character("j"), .character("j"), .character("j"))
        let text = try Self.place(of: "合作社", in: reader)
        Self.click(reader, at: text)
        #expect(reader.focus == .article && reader.document?.handle == 1 && reader.model.trail.back.isEmpty)
    }

    @Test func theWheelOverTheArticleScrollsItAndKeepsTheFocus() throws {
        let reader = CopiesReaderTests.reader(width: 80, height: 24)
        CopiesReaderTests.open(1, in: reader)
        reader.press(.character("1"))
        let place = try Self.place(of: "= 3 other snapshots", in: reader)
        reader.press(.mouse(MouseEvent(kind: .wheelDown, x: place.x, y: place.y)))
        #expect(reader.model.article.scroll == 3)
        #expect(reader.focus == .list)
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func goldenScreens(width: Int, height: Int) throws {
        let reader = CopiesReaderTests.reader(width: width, height: height)
        CopiesReaderTests.open(1, in: reader)
        // A tall pane lists the copies: the first opens. A short one has the count line alone: the related list.
        let header = try Self.place(of: "other snapshot", in: reader)
        Self.click(reader, at: height >= 40 ? (header.x, header.y + 1) : header)
        #expect(height >= 40 ? reader.document?.handle == 8 : reader.focus == .related)
        try ScreenTests.expectScreen(reader.screen, named: "copies-clicked-\(width)x\(height)")
    }
}

/// At 40 columns the picker's status line still says how to close it, when
/// the position on its left leaves no room for the longer hints.
@Suite struct NarrowPickerHintTests {
    @Test func escCloseIsLeftWhenNothingLongerFits() {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.model.list.order = ListOrder(Array(1...1000).map(Int64.init))
        reader.model.list.selected = 999
        reader.press(.character("c"))
        let status = reader.screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.hasPrefix(" [Articles] 1000/1000") && status.hasSuffix("Esc close"), "\(status)")
    }
}

/// The theme chosen with `t` comes back with the session, through `.restore`
/// like the rest of the place (the runtime no longer sets the model's field).
@Suite struct RestoredThemeTests {
    @Test func aRestoredSessionKeepsItsThemeForTheNextSave() {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.send(.restore(ReaderSession(articleID: nil, filter: ReaderFilter(), articleScroll: 0, focus: .list, theme: "light")))
        #expect(reader.model.themeName == "light")
        #expect(reader.model.session.encoded.contains("theme=light"))
        // A session without one (config.toml's theme in force) saves none.
        let plain = ReaderHarness(width: 80, height: 24)
        plain.send(.restore(ReaderSession(articleID: nil, filter: ReaderFilter(), articleScroll: 0, focus: .list)))
        #expect(plain.model.themeName == nil && !plain.model.session.encoded.contains("theme="))
    }
}
