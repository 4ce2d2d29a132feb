import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// `Reader.update` driven by messages, without a terminal: the points a new
/// user hit, each as the behaviour they asked for.
@Suite struct UpdateTests {
    @Test func actionNamesAreWordsAcceptedInTheConfigAndShownInTheHelp() throws {
        #expect(Action.copyURL.configName == "copy-url")
        #expect(Action.openURL.configName == "open-url")
        #expect(Action.allCases.allSatisfy { $0.configName.allSatisfy { $0.isLowercase || $0 == "-" } })
        let config = try ReaderConfig.parse("[keys.global]\n\"Y\" = \"copy-url\"\n", file: "config.toml")
        #expect(config.keymap.action(for: .character("Y"), in: .list) == .copyURL)
        let reader = ReaderHarness(width: 120, height: 60, keymap: config.keymap)
        reader.press(.character("?"), .character("G"))
        #expect(reader.screen.contains("copy-url"), "the help names the action beside its keys")
        #expect(reader.screen.split(separator: "\n").contains { $0.contains("Y y") && $0.contains("copy-url") })
    }

    @Test func noneInAPaneTableUnbindsTheKeyThere() throws {
        let config = try ReaderConfig.parse("[keys.list]\n\"q\" = \"none\"\n", file: "config.toml")
        #expect(config.keymap.action(for: .character("q"), in: .list) == nil, "the global q does not show through")
        #expect(config.keymap.action(for: .character("q"), in: .article) == .quit, "other panes keep it")
        let reader = ReaderHarness(keymap: config.keymap)
        #expect(reader.press(.character("q")).isEmpty)
        #expect(reader.message == "q is not bound here; ? shows the keys")
    }

    @Test func hintsComeFromTheKeymapAndThePane() throws {
        let config = try ReaderConfig.parse("[keys.global]\n\"q\" = \"none\"\n\"x\" = \"quit\"\n", file: "config.toml")
        let reader = ReaderHarness(width: 120, height: 40, keymap: config.keymap)
        let status = { String(reader.screen.split(separator: "\n").last ?? "") }
        #expect(status().contains("x quit"))
        #expect(!status().contains("q quit"))
        #expect(status().contains("Enter open"))
        reader.press(.character("2"))
        #expect(!status().contains("Enter open"), "Enter does nothing in the article: \(status())")
        #expect(status().contains("J next"))
        reader.press(.character("3"))
        #expect(status().contains("Enter follow"))
    }

    @Test func oneAtATimeQAndEscGoBackToTheListAndTheHintsSaySo() {
        let reader = ReaderHarness(width: 50, height: 14)
        reader.press(.enter)
        #expect(reader.focus == .article)
        #expect(reader.screen.split(separator: "\n").last?.contains("q list") == true, "\(reader.screen)")
        #expect(reader.press(.character("q")).isEmpty)
        #expect(reader.focus == .list)
        reader.press(.enter)
        reader.press(.escape)
        #expect(reader.focus == .list)
        #expect(reader.press(.character("q")) == [.quit], "in the list q quits")
        // With room for every pane, q quits from the article too.
        let wide = ReaderHarness(width: 120, height: 40)
        wide.press(.enter)
        #expect(wide.press(.character("q")) == [.quit])
    }

    @Test func escAtAReopenedSearchRestoresTheKeptSearch() {
        let reader = ReaderHarness()
        reader.press(.character("/"))
        reader.type("水")
        reader.press(.enter, .character("j"))
        let kept = (order: reader.order, selected: reader.selected, path: reader.document?.path)
        reader.press(.character("/"))
        reader.type("渠x")
        #expect(reader.order != kept.order)
        reader.press(.escape)
        #expect(reader.filter.searchQuery == "水")
        #expect(reader.order == kept.order)
        #expect(reader.selected == kept.selected)
        #expect(reader.document?.path == kept.path)
    }

    @Test func pickerCountsAreOfWhatTheOtherFiltersLeave() {
        let reader = ReaderHarness(width: 80, height: 24)
        // Only 2024: 科技 has one article then (5G), 国内 two, 文化 one; 社会 none.
        reader.press(.character("d"))
        reader.type("2024-01-01..2024-12-31")
        reader.press(.enter, .character("c"))
        let picker = try? #require(reader.model.picker)
        let counts = Dictionary(uniqueKeysWithValues: (picker?.items ?? []).map { ($0.name, $0.count) })
        #expect(counts == ["国内": 2, "科技": 1, "文化": 1])
        #expect(picker?.visible.first?.count == 4, "all categories: what the dates leave")
    }

    @Test func aFilterThatHidesTheSelectionSelectsTheFirstRow() {
        let reader = ReaderHarness()
        reader.press(.character("G"))
        #expect(reader.document?.path == "qi-xiang.txt")
        reader.press(.character("c"))
        reader.type("国内")
        reader.press(.enter)
        #expect(reader.order == [1, 2])
        #expect(reader.selected == 0)
        #expect(reader.document?.path == "chun-geng.txt")
    }

    @Test func helpSaysWhereItIsAndWrapsAtFortyColumns() {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.character("?"))
        let first = reader.screen
        #expect(first.contains("↓ more"))
        reader.press(.character("G"))
        let last = reader.screen
        #expect(last.contains("end"))
        // A summary longer than the width is wrapped, not cut.
        #expect(!last.split(separator: "\n").contains { $0.hasSuffix("…") }, "\(last)")
        reader.press(.character("g"))
        #expect(reader.screen == first)
    }

    @Test func markSaysWhatItDidAndHitsSayWhichOfHowMany() {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.enter)
        reader.press(.character("m"))
        #expect(reader.message == "Marked unread.")
        reader.press(.character("m"))
        #expect(reader.message == "Marked read.")
        let hits = ReaderHarness(width: 40, height: 12)
        hits.press(.character("/"))
        hits.type("水渠")
        hits.press(.enter, .character("j"), .character("2"), .character("n"))
        // The first hit is in the title, on screen already: n goes to the second.
        #expect(hits.message == "hit 2/2")
        hits.press(.character("n"))
        #expect(hits.message == "No more hits below (2 in all).")
        hits.press(.character("N"))
        #expect(hits.message == "hit 1/2")
        hits.press(.character("N"))
        #expect(hits.message == "No more hits above (2 in all).")
    }

    /// Every hit in view (an article too short to scroll): n and N still
    /// walk from hit to hit and say when there is no other either way.
    @Test func hitsOfAShortArticleAreWalkedOneByOne() {
        let hits = ReaderHarness(width: 120, height: 40)
        hits.press(.character("/"))
        hits.type("水渠")
        hits.press(.enter, .character("j"), .character("2"))
        var said: [String?] = []
        for key in ["n", "n", "n", "N", "N", "N"] {
            hits.press(.character(Character(key)))
            said.append(hits.message)
        }
        #expect(said == ["hit 2/2", "No more hits below (2 in all).", "No more hits below (2 in all).",
                         "hit 1/2", "No more hits above (2 in all).", "No more hits above (2 in all)."])
    }

    @Test func searchHitsAreHighlightedInListTitles() {
        let reader = ReaderHarness()
        reader.press(.character("/"))
        reader.type("水渠")
        reader.press(.enter, .character("3"))
        let screen = InMemoryTerminal(width: 120, height: 40).screen(of: reader)
        let list = try? #require(reader.model.layout.body(of: .list))
        let hitInTitles = (0..<screen.height).contains { y in
            (0..<(list?.width ?? 0)).contains { x in screen[x, y].role == .searchHit }
        }
        #expect(hitInTitles)
    }

    @Test func countPrefixesNextAndPreviousArticleAndUnread() {
        let reader = ReaderHarness()
        reader.press(.character("3"), .character("1"))
        reader.press(.character("4"), .character("j"))
        #expect(reader.selected == 4, "4j moves four rows")
        reader.press(.character("g"), .enter)
        reader.press(.character("J"))
        #expect(reader.selected == 1)
        #expect(reader.document?.path == "shu-dian.txt")
        #expect(reader.library.read.contains(5), "the next article is opened, so read")
        reader.press(.character("K"))
        #expect(reader.selected == 0)
        // Next unread skips the read ones.
        reader.press(.character("1"), .character("]"))
        #expect(reader.selected == 2)
        reader.press(.character("["))
        #expect(reader.message == "No unread article above.")
    }

    @Test func spaceAtTheEndOfAnArticleGoesOnToTheNext() {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.enter)
        let first = reader.document?.path
        for _ in 0..<20 where reader.document?.path == first { reader.press(.character(" ")) }
        #expect(reader.document?.path == "shu-dian.txt")
        #expect(reader.model.article.scroll == 0)
    }

    @Test func markAllShownAsReadAsksFirst() {
        let reader = ReaderHarness()
        reader.press(.character("A"))
        #expect(reader.screen.contains("Mark all 6 articles shown as read? (y/n)"))
        reader.press(.character("n"))
        #expect(reader.library.read.isEmpty)
        #expect(reader.message == "Nothing marked.")
        reader.press(.character("A"), .character("y"))
        #expect(reader.library.read.count == 6)
        #expect(reader.message == "Marked 6 articles read.")
        #expect(!reader.screen.contains("•"), "every row shows it")
    }

    @Test func aMarkShowsOnlyOnceWritten() {
        let reader = ReaderHarness()
        reader.failWrites = "disk full"
        reader.press(.character("b"))
        #expect(reader.selectedRow?.bookmarked == false)
        #expect(reader.message == "bookmark not saved: disk full")
        reader.failWrites = nil
        reader.press(.character("b"))
        #expect(reader.selectedRow?.bookmarked == true)
    }

    @Test func pipeAndSaveTheOpenArticle() {
        let reader = ReaderHarness()
        reader.press(.enter, .character("|"))
        reader.type("wc -c")
        let effects = reader.press(.enter)
        #expect(reader.piped.first?.command == "wc -c")
        #expect(reader.piped.first?.text.hasPrefix("5G信号覆盖最后一个自然村\n") == true)
        #expect(effects.contains { if case .pipe = $0 { return true } else { return false } })
        reader.press(.character("S"))
        #expect(reader.model.prompt?.text == "wang-luo.md")
        reader.press(.enter)
        #expect(reader.saved.first?.path == "wang-luo.md")
        #expect(reader.saved.first?.text.hasPrefix("# 5G信号覆盖最后一个自然村") == true)
        #expect(reader.saved.first?.text.contains("[原文](https://news.example.cn/2024/0630/5g.html)") == true)
        reader.press(.character("S"), .control("u"))
        reader.type("a.txt")
        reader.press(.enter)
        #expect(reader.saved.last?.text.hasPrefix("5G信号覆盖最后一个自然村\n") == true)
        #expect(reader.message == "Saved a.txt.")
    }

    @Test func theThemeIsKeptInTheSessionAndNoColorSaysColorsAreOff() {
        let reader = ReaderHarness()
        reader.send(.themeChanged(name: "light", position: 2, count: 4))
        #expect(reader.message == "Theme: light (2/4)")
        let session = ReaderSession(encoded: reader.model.session.encoded)
        #expect(session.theme == "light")
        reader.send(.themeChanged(name: nil, position: 0, count: 4))
        #expect(reader.message?.hasPrefix("Colors are off") == true)
    }

    @Test func popupsAreBoxesWithNothingShowingThrough() {
        let reader = ReaderHarness(width: 40, height: 12)
        reader.press(.character("c"))
        let rows = reader.screen.split(separator: "\n").map(String.init)
        let boxRows = rows.filter { $0.contains("│") }
        #expect(rows.contains { $0.contains("┌") && $0.contains("┐") })
        #expect(rows.contains { $0.contains("└") && $0.contains("┘") })
        // Inside the box and beside it, no list row shows through.
        #expect(!boxRows.contains { $0.contains("24-") })
    }

    @Test func promptsEditLikeReadlineAndCtrlGCloses() {
        let reader = ReaderHarness(width: 80, height: 24)
        reader.press(.character("/"))
        reader.type("水渠")
        reader.press(.left)
        reader.type("x")
        #expect(reader.model.prompt?.text == "水x渠")
        #expect(reader.model.searchPending == nil && reader.order.isEmpty, "the search runs on the edited text")
        reader.press(.control("a"), .control("k"))
        #expect(reader.model.prompt?.text == "")
        reader.press(.control("y"))
        #expect(reader.model.prompt?.text == "水x渠")
        reader.press(.control("g"))
        #expect(reader.model.prompt == nil)
        #expect(reader.order.count == 6, "closed like Esc: the list from before")
        reader.press(.character("c"), .control("c"))
        #expect(reader.model.modal == nil, "Ctrl-C closes the picker")
    }
}
