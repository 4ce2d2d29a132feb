import Foundation
import ReaderTesting
import Testing
@testable import ReaderCore

/// A bad line in config.toml or a theme costs that line only, and says where.
@Suite struct ConfigProblemTests {
    static let mixed = """
        theme = "light"
        mouse = maybe
        watch = false
        [layout]
        list_width = 95
        [keys.global]
        "x" = "quit"
        "y" = "jump-around"
        "Hyper-X" = "quit"
        [keys.sidebar]
        "z" = "quit"
        [keys.list]
        "w" = "move-down"
        "w" = "none"
        colour = "red"
        [keys.article
        "v" = "quit"
        [keys.related]
        "f" = "open"
        """

    @Test func validLinesApplyAndEachBadLineIsAProblem() {
        let (config, problems) = ReaderConfig.read(Self.mixed, file: "/home/me/.config/snapread/config.toml", home: "/home/me")
        // What was right applies: the theme, the remaps before and after the bad lines.
        #expect(config.theme == "light")
        #expect(config.keymap.action(for: .character("x"), in: .list) == .quit)
        #expect(config.keymap.action(for: .character("w"), in: .list) == .moveDown, "the first of two settings stays")
        #expect(config.keymap.action(for: .character("f"), in: .related) == .open)
        #expect(!config.watch)
        // What was wrong stays at its default.
        #expect(config.mouse)
        #expect(config.listWidthPercent == nil)
        #expect(config.keymap.action(for: .character("y"), in: .global) == .copyURL)
        // Keys under a header that cannot be read do not land in the table before it.
        #expect(config.keymap.action(for: .character("v"), in: .list) == nil)
        #expect(problems.map(\.line) == [2, 5, 8, 9, 10, 14, 15, 16])
        // What the reader's box shows: the file's name, the line, the reason, and what would be right when that is short.
        #expect(problems.map(\.inReader) == [
            "config.toml:2: “maybe” is not a value; strings need quotes",
            "config.toml:5: list_width is 20 to 80; [layout] has list_width, a percent of the width",
            "config.toml:8: unknown action “jump-around”",
            "config.toml:9: “Hyper-X” is not a key; a character, Ctrl-X, Enter, Space, Tab, Esc, Up, PgDn, F1 …",
            "config.toml:10: unknown [keys.sidebar]",
            "config.toml:14: w is set twice",
            "config.toml:15: “colour” is not a key; a character, Ctrl-X, Enter, Space, Tab, Esc, Up, PgDn, F1 …",
            "config.toml:16: a table header needs ]",
        ])
        // The box wraps each at 40 columns: nothing is cut (compared without spaces, as a break after "jump-" joins with one).
        for problem in problems {
            let reader = ReaderHarness(width: 40, height: 12)
            reader.send(.problems([problem.inReader]))
            let shown = StartupProblemsTests.boxText(reader.screen).replacingOccurrences(of: " ", with: "")
            #expect(shown == problem.inReader.replacingOccurrences(of: " ", with: ""), "\(reader.screen)")
        }
        // The long form names the whole path and says what would be right.
        #expect(problems[0].description == "/home/me/.config/snapread/config.toml:2: “maybe” is not a value; strings need quotes")
        #expect(problems[2].description.contains("actions are quit, move-down, move-up"))
        #expect(problems[4].description.contains("CONTEXT one of global, list"))
    }

    @Test func aLongNameIsShownWholeInTheBoxAtFortyColumns() {
        let long = String(repeating: "很长的动作名字", count: 6)
        let (_, problems) = ReaderConfig.read("[keys.global]\n\"x\" = \"\(long)\"\n", file: "config.toml", home: nil)
        let shown = problems.first?.inReader ?? ""
        #expect(shown == "config.toml:2: unknown action “\(long)”")
        for mode in [WidthMode.standard, .ambiguousWide] {
            WidthMode.$current.withValue(mode) {
                let reader = ReaderHarness(width: 40, height: 12)
                reader.send(.problems([shown]))
                // Wrapped rows joined again: a break inside the Chinese name adds no space in the text, one the row's padding drops.
                let text = StartupProblemsTests.boxText(reader.screen).replacingOccurrences(of: " ", with: "")
                #expect(text == shown.replacingOccurrences(of: " ", with: ""), "\(reader.screen)")
                AmbiguousScreenTests.expectRowsFit(InMemoryTerminal(width: 40, height: 12, widthMode: mode).screen(of: reader.model))
            }
        }
    }

    @Test func aTildeIsHomeFromTheEnvironment() throws {
        let (config, problems) = ReaderConfig.read("corpus = \"~/news\"\n", file: "config.toml", home: "/tmp/somebody-else")
        #expect(problems.isEmpty)
        #expect(config.corpus == "/tmp/somebody-else/news")
        #expect(ReaderConfig.expandingTilde(in: "~", home: "/srv/home/") == "/srv/home")
        #expect(ReaderConfig.expandingTilde(in: "~/a/b", home: "/srv/home/") == "/srv/home/a/b")
        #expect(ReaderConfig.expandingTilde(in: "~/a", home: "/") == "/a")
        #expect(ReaderConfig.expandingTilde(in: "/abs/~/x", home: "/h") == "/abs/~/x")
        #expect(ReaderConfig.expandingTilde(in: "news/~", home: "/h") == "news/~")
        // `~root` is root's home, as a shell has it.
        #expect(ReaderConfig.expandingTilde(in: "~root/x", home: "/h") == "/root/x")
    }

    @Test func ambiguousWidthSetting() throws {
        #expect(try ReaderConfig.parse("ambiguous_width = 2", file: "c").widthMode == .ambiguousWide)
        #expect(try ReaderConfig.parse("ambiguous_width = 1", file: "c").widthMode == .standard)
        #expect(ReaderConfig().widthMode == .standard)
        let (config, problems) = ReaderConfig.read("ambiguous_width = 3\ntheme = \"light\"", file: "config.toml", home: nil)
        #expect(config.widthMode == .standard && config.theme == "light")
        #expect(problems.map(\.inReader) == ["config.toml:1: ambiguous_width is 1 or 2; 2 when the terminal draws ·•★→…│─“” two columns wide"])
        // The rendered config says it and reads back.
        let wide = try ReaderConfig.parse("ambiguous_width = 2", file: "c")
        #expect(wide.rendered.contains("ambiguous_width = 2\n"))
        #expect(try ReaderConfig.parse(wide.rendered, file: "rendered").widthMode == .ambiguousWide)
    }

    /// `snapread config` prints a pane table's unbinding of a global key,
    /// beside the table's other keys, and what it prints reads back the same.
    @Test func theRenderedConfigKeepsAPaneTablesUnbinding() throws {
        let config = try ReaderConfig.parse("""
            [keys.list]
            "q" = "none"
            "x" = "quit"
            [keys.global]
            "o" = "none"
            """, file: "c")
        #expect(config.keymap.action(for: .character("q"), in: .list) == nil)
        let rendered = config.rendered
        #expect(rendered.contains("[keys.list]\n"), "\(rendered)")
        #expect(rendered.contains("\"q\" = \"none\""), "\(rendered)")
        let again = try ReaderConfig.parse(rendered, file: "rendered")
        #expect(again.keymap.action(for: .character("q"), in: .list) == nil)
        #expect(again.keymap.action(for: .character("q"), in: .article) == config.keymap.action(for: .character("q"), in: .article))
        #expect(again.keymap.action(for: .character("x"), in: .list) == .quit)
        #expect(again.rendered == rendered)
    }

    @Test func aThemeKeepsItsGoodRoles() {
        let (theme, problems) = ThemeFile.read("""
            name = "mine"
            flavour = "sour"
            [roles]
            title = { fg = "purple", bold = true }
            link = { fg = "#3366cc", underline = true }
            sidebar = { bold = true }
            meta = { dim = true, blink = true }
            """, file: "/x/themes/mine.toml")
        #expect(theme.name == "mine")
        #expect(theme.style(for: .link) == Style(.rgb(0x33, 0x66, 0xCC), underline: true))
        // A bad field costs that field: the title stays bold, the meta dim.
        #expect(theme.styles[.title]?.bold == true)
        #expect(theme.styles[.meta]?.dim == true)
        #expect(problems.map { "\($0.file.split(separator: "/").last ?? ""):\($0.line): \($0.reason)" } == [
            "mine.toml:2: unknown setting “flavour”",
            "mine.toml:4: “purple” is not a color",
            "mine.toml:6: unknown role “sidebar”",
            "mine.toml:7: unknown style field “blink”",
        ])
    }
}
