import Foundation
import Testing

/// What a new user hit, tried in tmux on the demo corpus: Esc in a reopened
/// search, hints and `none` from a config, faceted counts, the selection
/// after a filter, back to the list in one-pane mode.
@Suite(.serialized) struct ReaderPointsEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-points-" + UUID().uuidString
        let corpus = CommandRunner.packageRoot + "/Demo/corpus"

        init(config: String? = nil) throws {
            try FileManager.default.createDirectory(atPath: root + "/config/snapread", withIntermediateDirectories: true)
            if let config { try config.write(toFile: root + "/config/snapread/config.toml", atomically: true, encoding: .utf8) }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root,
             "SNAPREAD_WATCH": "0"]
        }

        func session(width: Int = 120, height: Int = 40) throws -> TmuxSession {
            let tmux = try TmuxSession(width: width, height: height, arguments: [corpus], environment: environment)
            try tmux.waitFor("the index to be read") { $0.contains("41 articles") && !$0.contains("indexing") }
            return tmux
        }

        /// The list as the command line gives it, with a filter.
        func list(_ filter: [String]) throws -> [[String: Any]] {
            let result = try CommandRunner.run(["list", corpus, "--json"] + filter, environment: environment)
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            return parsed ?? []
        }
    }

    static func statusLine(_ screen: String) -> String {
        String(screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? "")
    }

    @Test func escAtAReopenedSearchGivesBackTheKeptSearch() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session()
        try tmux.send("/")
        try tmux.type("书")
        try tmux.waitFor(text: "found")
        try tmux.send("Enter")
        let kept = try tmux.waitFor("the kept search") { Self.statusLine($0).contains("· /书") && !$0.contains("searching") && !$0.contains("resolving") }
        try tmux.send("/")
        try tmux.type("店x")
        try tmux.waitFor(text: "/书店x")
        try tmux.send("Escape")
        // The article and its related items come back as they were (read again, so wait for them).
        let restored = try tmux.waitFor("the screen from before the prompt", timeout: 10) { $0 == kept }
        #expect(Self.statusLine(restored).contains("· /书"))
        let differing = zip(restored.split(separator: "\n"), kept.split(separator: "\n")).filter { $0 != $1 }
        #expect(differing.isEmpty, "the screen is the one from before the prompt opened; rows that differ: \(differing)")
    }

    @Test func hintsAndNoneFromAConfig() throws {
        let workspace = try Workspace(config: "[keys.global]\n\"q\" = \"none\"\n\"x\" = \"quit\"\n[keys.list]\n\"j\" = \"none\"\n")
        let tmux = try workspace.session()
        var screen = try tmux.waitFor(text: "x quit")
        #expect(!Self.statusLine(screen).contains("q quit"))
        try tmux.send("j")
        screen = try tmux.waitFor(text: "j is not bound here")
        #expect(screen.contains("1/41"), "none in [keys.list] unbinds j there")
        try tmux.send("2")
        screen = try tmux.waitFor("the article's hints") { Self.statusLine($0).contains("[Article]") }
        #expect(!Self.statusLine(screen).contains("Enter open"), "Enter does nothing in the article")
        try tmux.send("j")
        try tmux.waitFor("j to scroll the article") { !$0.contains("j is not bound") && $0.contains(" 2 Article") }
        try tmux.send("x")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func pickerCountsAreOfWhatTheOtherFiltersLeave() throws {
        let workspace = try Workspace()
        let everything = try workspace.list([])
        let sources = Dictionary(grouping: everything, by: { $0["source"] as? String ?? "" })
        let source = try #require(sources.max { $0.value.count < $1.value.count }?.key)
        let tmux = try workspace.session(width: 120, height: 40)
        try tmux.send("s")
        try tmux.waitFor(text: "Source · type to narrow")
        try tmux.type(source)
        try tmux.waitFor(text: "> " + source)
        try tmux.send("Enter")
        try tmux.waitFor(text: "来源:" + source)
        try tmux.send("c")
        let picker = try tmux.waitFor("the counts") { $0.contains("Category · type to narrow") && $0.contains("all categories") }
        let expected = Dictionary(grouping: try workspace.list(["--source", source]), by: { $0["category"] as? String ?? "" }).mapValues(\.count)
        for (category, count) in expected {
            let line = picker.split(separator: "\n").first { $0.contains("│  " + category + " ") }
            let shown = line?.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "│"))) }.last
            #expect(shown == count, "\(category): \(String(describing: line))")
        }
        #expect(picker.contains(String(expected.values.reduce(0, +))), "all categories counts what the source leaves")
    }

    @Test func aFilterThatHidesTheSelectionSelectsTheFirstRow() throws {
        let workspace = try Workspace()
        let everything = try workspace.list([])
        let last = try #require(everything.last)
        let category = try #require(everything.compactMap { $0["category"] as? String }.first { $0 != last["category"] as? String })
        let first = try #require(try workspace.list(["--category", category]).first?["title"] as? String)
        let tmux = try workspace.session()
        try tmux.send("G")
        try tmux.waitFor(text: "41/41")
        try tmux.send("c")
        try tmux.waitFor(text: "Category · type to narrow")
        try tmux.type(category)
        try tmux.send("Enter")
        let screen = try tmux.waitFor("the filtered list") { $0.contains(" 1/") && Self.statusLine($0).contains(category) }
        #expect(screen.contains(String(first.prefix(6))), "the first row's article is shown")
    }

    @Test func oneAtATimeQGoesBackToTheList() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 50, height: 16)
        try tmux.send("Enter")
        let article = try tmux.waitFor(text: "[Article]")
        #expect(Self.statusLine(article).contains("q list"))
        try tmux.send("q")
        try tmux.waitFor(text: "[Articles]")
        try tmux.send("Enter")
        try tmux.waitFor(text: "[Article]")
        try tmux.send("Escape")
        try tmux.waitFor(text: "[Articles]")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }
}
