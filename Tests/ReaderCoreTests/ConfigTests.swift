import Foundation
import Testing
@testable import ReaderCore

@Suite struct ConfigTests {
    @Test func settingsAndKeyBindings() throws {
        let config = try ReaderConfig.parse("""
            # my settings
            theme = "light"
            mouse = false
            corpus = "/srv/news"
            [layout]
            list_width = 45
            [keys.global]
            "x" = "quit"
            "Ctrl-N" = "move-down"
            "q" = "none"
            [keys.related]
            "f" = "open"
            """, file: "config.toml")
        #expect(config.theme == "light")
        #expect(!config.mouse)
        #expect(config.corpus == "/srv/news")
        #expect(config.listWidthPercent == 45)
        #expect(config.keymap.action(for: .character("x"), in: .list) == .quit)
        #expect(config.keymap.action(for: .control("n"), in: .article) == .moveDown)
        #expect(config.keymap.action(for: .character("q"), in: .list) == nil)
        #expect(config.keymap.action(for: .character("f"), in: .related) == .open)
        #expect(config.keymap.action(for: .character("f"), in: .list) == nil)
        // The rendered config reads back to the same bindings.
        let again = try ReaderConfig.parse(config.rendered, file: "rendered")
        #expect(again.keymap.bindings[.global] == config.keymap.bindings[.global])
        #expect(again.theme == "light")
    }

    @Test(arguments: [
        ("mouse = maybe", 1, "is not a value"),
        ("theme = \"dark\"\ncolour = \"red\"", 2, "unknown setting “colour”"),
        ("[keys.global]\n\"x\" = \"jump\"", 2, "unknown action “jump”"),
        ("[keys.global]\n\"Hyper-X\" = \"quit\"", 2, "is not a key"),
        ("[keys.sidebar]\n\"x\" = \"quit\"", 1, "unknown [keys.sidebar]"),
        ("theme = \"dark", 1, "not closed"),
        ("[layout]\nlist_width = 95", 2, "list_width is 20 to 80"),
        ("theme = \"a\"\ntheme = \"b\"", 2, "set twice"),
    ])
    func brokenConfigSaysWhereAndWhy(text: String, line: Int, reason: String) {
        do {
            _ = try ReaderConfig.parse(text, file: "config.toml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.hasPrefix("config.toml:\(line): "))
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func actionAndKeyNamesRoundTrip() {
        for action in Action.allCases { #expect(Action(configName: action.configName) == action) }
        for key: Key in [.character("j"), .control("d"), .character(" "), .pageDown, .backTab, .function(5), .escape, .enter] {
            #expect(Key(configName: key.name) == key)
        }
        #expect(Action.moveDown.configName == "move-down")
    }
}

@Suite struct ThemeTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test(arguments: ["dark", "light", "high-contrast", "monochrome"])
    func shippedThemesParseAndColorEveryRole(name: String) throws {
        let path = Self.themes + "/\(name).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let theme = try ThemeFile.parse(text, file: path)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases), "every role is named")
        if name == "monochrome" {
            #expect(theme.styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        }
    }

    @Test func shippedDarkThemeIsTheBuiltIn() throws {
        let text = try String(contentsOfFile: Self.themes + "/dark.toml", encoding: .utf8)
        #expect(try ThemeFile.parse(text, file: "dark.toml") == Theme.dark)
    }

    @Test func colorsByNameNumberAndHex() throws {
        let theme = try ThemeFile.parse("""
            [roles]
            title = { fg = "bright-red", bg = 236, bold = true }
            link = { fg = "#3366cc", underline = true }
            """, file: "mine.toml")
        #expect(theme.name == "mine")
        #expect(theme.style(for: .title) == Style(.ansi(9), on: .palette(236), bold: true))
        #expect(theme.style(for: .link) == Style(.rgb(0x33, 0x66, 0xCC), underline: true))
    }

    @Test(arguments: [
        ("[roles]\ntitle = { fg = \"purple\" }", "is not a color"),
        ("[roles]\nsidebar = { bold = true }", "unknown role"),
        ("[roles]\ntitle = { blink = true }", "unknown style field"),
        ("[roles]\ntitle = { fg = 300 }", "not in 0-255"),
    ])
    func brokenThemesAreReported(text: String, reason: String) {
        do {
            _ = try ThemeFile.parse(text, file: "broken.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("broken.toml:2: "))
            #expect(error.reason.contains(reason))
        }
    }
}
