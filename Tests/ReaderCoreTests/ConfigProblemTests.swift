import Foundation
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
        let summaries = problems.map { $0.summary() }
        #expect(summaries == [
            "config.toml:2: “maybe” is not a value",
            "config.toml:5: list_width is 20 to 80",
            "config.toml:8: unknown action “jump-aro…",
            "config.toml:9: “Hyper-X” is not a key",
            "config.toml:10: unknown [keys.sidebar]",
            "config.toml:14: w is set twice",
            "config.toml:15: “colour” is not a key",
            "config.toml:16: a table header needs ]",
        ])
        for summary in summaries { #expect(DisplayWidth.of(summary, mode: .standard) <= 40, "\(summary)") }
        // The long form names the whole path and says what would be right.
        #expect(problems[0].description == "/home/me/.config/snapread/config.toml:2: “maybe” is not a value; strings need quotes")
        #expect(problems[2].description.contains("actions are quit, move-down, move-up"))
        #expect(problems[4].description.contains("CONTEXT one of global, list"))
    }

    @Test func summariesFitFortyColumnsEvenWithLongNames() {
        let long = String(repeating: "很长的动作名字", count: 6)
        let (_, problems) = ReaderConfig.read("[keys.global]\n\"x\" = \"\(long)\"\n", file: "config.toml", home: nil)
        let summary = try? #require(problems.first?.summary())
        #expect(summary.map { DisplayWidth.of($0, mode: .standard) <= 40 } == true)
        #expect(summary?.hasPrefix("config.toml:2: unknown action “很长") == true)
        // Under ambiguous_width = 2 the quotes and the … are two columns each: still 40.
        let wide = WidthMode.$current.withValue(.ambiguousWide) { problems.first?.summary() }
        #expect(wide.map { DisplayWidth.of($0, mode: .ambiguousWide) <= 40 } == true)
        #expect(problems.first?.summary(mode: .ambiguousWide) == wide)
        #expect(wide != summary, "the quotes take a column more each")
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
        #expect(problems.map { $0.summary() } == ["config.toml:1: ambiguous_width is 1 or 2"])
        // The rendered config says it and reads back.
        let wide = try ReaderConfig.parse("ambiguous_width = 2", file: "c")
        #expect(wide.rendered.contains("ambiguous_width = 2\n"))
        #expect(try ReaderConfig.parse(wide.rendered, file: "rendered").widthMode == .ambiguousWide)
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
        #expect(problems.map { $0.summary() } == [
            "mine.toml:2: unknown setting “flavour”",
            "mine.toml:4: “purple” is not a color",
            "mine.toml:6: unknown role “sidebar”",
            "mine.toml:7: unknown style field “blink”",
        ])
    }
}
