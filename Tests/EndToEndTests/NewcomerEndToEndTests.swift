import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing

/// The newcomer's edges through the real binary: `snapread config` names the
/// theme chosen with `t` and prints one problem a line; `S` over a file asks
/// first; a category that hides the open article moves the article pane.
@Suite(.serialized) struct NewcomerEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-newcomer-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var config: String { root + "/config" }
        let generator = CorpusGenerator(count: 12, seed: 41)

        init(config text: String? = nil) throws {
            try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
            try CorpusWriter.write(generator, to: corpus)
            // The corpus the reader opens with no DIR is the one `config` speaks of.
            try ((text ?? "") + "\ncorpus = \"\(corpus)\"\n").write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            // An empty NO_COLOR is no NO_COLOR (no-color.org): `swift test` may set one for the tests.
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": config, "HOME": root, "NO_COLOR": ""]
        }

        func session(width: Int, height: Int) throws -> TmuxSession {
            try TmuxSession(width: width, height: height, arguments: [corpus], environment: environment)
        }
    }

    @Test func configNamesTheThemeChosenWithTInTheReader() throws {
        let workspace = try Workspace(config: "theme = \"dark\"")
        var result = try CommandRunner.run(["config"], environment: workspace.environment)
        #expect(result.stdout.contains("# theme in effect: dark (config.toml line 1)"), "stdout: \(result.stdout)")
        // t in the reader: light, kept for that corpus.
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "12 articles")
        try tmux.send("t")
        try tmux.waitFor(text: "Theme: light (2/4)")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
        result = try CommandRunner.run(["config"], environment: workspace.environment)
        let root = URL(fileURLWithPath: workspace.corpus).resolvingSymlinksInPath().path
        #expect(result.stdout.contains("# theme in effect: light (chosen with t in the reader on \(root); config.toml's theme is dark)"),
                "stdout: \(result.stdout)")
        #expect(result.stdout.contains("theme = \"dark\""), "the file's own setting is still printed as it is")
        #expect(result.status == 0)
    }

    @Test func aThemeFromTheFileIsNotKeptAsIfChosen() throws {
        // A run without t saves no theme: a later edit of config.toml applies.
        let workspace = try Workspace(config: "theme = \"dark\"")
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "12 articles")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
        try ("theme = \"monochrome\"\ncorpus = \"\(workspace.corpus)\"\n").write(toFile: workspace.config + "/config.toml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["config"], environment: workspace.environment)
        #expect(result.stdout.contains("# theme in effect: monochrome (config.toml line 1)"), "stdout: \(result.stdout)")
    }

    @Test func configProblemsAreOneLineEachOnStderr() throws {
        let workspace = try Workspace(config: "bogus = 1\nmouse = \"x\"")
        let result = try CommandRunner.run(["config"], environment: workspace.environment)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let file = workspace.config + "/config.toml"
        #expect(lines.count == 2, "stderr: \(result.stderr)")
        #expect(lines.first?.hasPrefix("snapread: \(file):1: unknown setting “bogus”") == true)
        #expect(lines.last == "snapread: \(file):2: mouse must be true or false")
        #expect(result.status == 1)
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func aDateRangeThatHidesTheOpenArticleMovesTheArticlePane(width: Int, height: Int) throws {
        let workspace = try Workspace()
        let snapshots = (0..<workspace.generator.count).map(workspace.generator.snapshot).sorted { $0.publishedAt > $1.publishedAt }
        let newest = try #require(snapshots.first)
        // The newest story of an earlier day: what the list starts with once the range ends before the newest's day.
        let earlier = try #require(snapshots.first { $0.publishedAt.dateString < newest.publishedAt.dateString })
        let tmux = try workspace.session(width: width, height: height)
        try tmux.waitFor(text: "12 articles")
        try tmux.send("Enter")
        try tmux.waitFor("the newest open") { $0.contains("[Article]") && $0.contains(String(newest.title.prefix(6))) }
        try tmux.send("d", "C-u")
        try tmux.type(".." + earlier.publishedAt.dateString)
        try tmux.send("Enter")
        let screen = try tmux.waitFor("the article pane on the list's first") { screen in
            screen.contains("Filtered out") && screen.contains(String(earlier.title.prefix(6))) && !screen.contains(String(newest.title.prefix(6)))
        }
        try tmux.send("C-l")
        try tmux.waitFor("the same screen after Ctrl-L") { $0 == screen }
        try tmux.send("q", "q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func savingOverAFileAsksAndNoKeepsIt() throws {
        let workspace = try Workspace()
        let target = workspace.root + "/saved.txt"
        try "mine\n".write(toFile: target, atomically: true, encoding: .utf8)
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "12 articles")
        try tmux.send("Enter", "S", "C-u")
        try tmux.type(target)
        try tmux.send("Enter")
        try tmux.waitFor(text: "exists: replace it? (y/n)")
        try tmux.send("n")
        try tmux.waitFor(text: "Not saved:")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "mine\n")
        try tmux.send("S", "C-u")
        try tmux.type(target)
        try tmux.send("Enter")
        try tmux.waitFor(text: "exists: replace it? (y/n)")
        // Ctrl-L over the question: the same screen.
        let asked = try tmux.capture()
        try tmux.send("C-l")
        try tmux.waitFor("the question redrawn as it was") { $0 == asked }
        try tmux.send("y")
        try tmux.waitFor(text: "Saved ")
        #expect(try String(contentsOfFile: target, encoding: .utf8) != "mine\n")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }
}
