import CorpusGenerator
import Foundation
import Testing

/// The reader's timeline and thread views through the real binary in tmux:
/// narrowing the list to a period, opening a story from the thread and
/// going back; and the redraw rule after each view opens and closes.
@Suite(.serialized) struct TimelineThreadReaderEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-views-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        /// The corpus of the reader's own end-to-end tests, whose newest article has a link that resolves.
        let generator = CorpusGenerator(count: 40, seed: 77, outsidePercent: 20)

        init() throws {
            try CorpusWriter.write(generator, to: corpus)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root,
             "SNAPREAD_WATCH": "0"]
        }
    }

    /// The last line of the screen that holds a text (the views' titles come first).
    static func line(_ screen: String, containing text: String) -> Substring? {
        screen.split(separator: "\n").last { $0.contains(text) }
    }

    @Test func narrowByAPeriodThenOpenAStoryFromTheThreadAndGoBack() throws {
        let workspace = try Workspace()
        let snapshots = (0..<workspace.generator.count).map(workspace.generator.snapshot)
        let newest = try #require(snapshots.max { $0.publishedAt < $1.publishedAt })
        let month = String(newest.publishedAt.dateString.prefix(7))
        let inMonth = snapshots.filter { $0.publishedAt.dateString.hasPrefix(month) }.count
        let tmux = try TmuxSession(width: 120, height: 40, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor("the index to be read") { $0.contains("40 articles") && !$0.contains("indexing") }

        // The timeline opens on the newest article's month (the list's selection), its count on the line.
        try tmux.send("T")
        // The status line too: a capture can fall between the top of a frame and its last line.
        var screen = try tmux.waitFor("the timeline, down to its marked month and its hints") {
            $0.contains("Timeline by month · 40 articles") && $0.contains("● \(month)") && $0.contains("Enter narrow  Esc close")
        }
        let monthLine = try #require(Self.line(screen, containing: " " + month + " "), "\(month) in:\n\(screen)")
        #expect(monthLine.contains("● \(month)  "), "the selected article's period is marked: \(monthLine)")
        #expect(monthLine.split(separator: " ").contains(Substring(String(inMonth))), "\(inMonth) in \(monthLine)")
        #expect(screen.contains("Enter narrow  Esc close"))
        // By year and back to month through the other periods; then Enter narrows the list to the month.
        try tmux.send("p", "p")
        try tmux.waitFor(text: "Timeline by day")
        try tmux.send("p", "p")
        try tmux.waitFor(text: "Timeline by month")
        try tmux.send("Enter")
        // (Both waited for: a capture can fall between the top line and the status line of one frame.)
        let count = inMonth == 1 ? "1 article" : "\(inMonth) articles"
        screen = try tmux.waitFor("the narrowed list, its count and its date filter") { $0.contains(count) && $0.contains("\(month)-01–\(month)-") }
        #expect(screen.contains(newest.title))
        #expect(!screen.contains("Timeline by"))

        // The thread of the newest article: the order `thread` prints, the cursor on the article itself.
        let json = try CommandRunner.run(["thread", workspace.corpus, newest.fileName, "--json"], environment: workspace.environment)
        let stories = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let target = try #require(newest.relatedTargets.compactMap { $0 }.first)
        let targetTitle = try #require(snapshots.first { $0.fileName == target }?.title)
        let from = try #require(stories.firstIndex { $0["file"] as? String == newest.fileName })
        let to = try #require(stories.firstIndex { $0["file"] as? String == target })
        try tmux.send("Enter", "R")
        screen = try tmux.waitFor("the thread, down to its open article and the status line") { screen in
            screen.contains("Thread · depth 2 · \(stories.count) stories") && screen.contains(" 0 ● ") && screen.contains("Enter open  Esc close")
        }
        let targetLine = try #require(Self.line(screen, containing: String(targetTitle.prefix(12))))
        // One link away; the newest links to it, and it may link back.
        let linksBack = snapshots.first { $0.fileName == target }?.relatedTargets.contains(newest.fileName) == true
        #expect(targetLine.hasPrefix(linksBack ? " 1 ↔ " : " 1 → "), "\(targetLine)")
        #expect(Self.line(screen, containing: String(newest.title.prefix(12)))?.hasPrefix(" 0 ● ") == true)
        for _ in 0..<abs(to - from) { try tmux.send(to > from ? "j" : "k") }
        try tmux.waitFor(text: "\(to + 1)/\(stories.count)")
        try tmux.send("Enter")
        screen = try tmux.waitFor(text: "trail 1←→0")
        #expect(screen.contains(targetTitle))
        #expect(!screen.contains("Thread · depth"))
        // Back along the trail to the newest article.
        try tmux.send("H")
        screen = try tmux.waitFor(text: "trail 0←→1")
        #expect(screen.contains(newest.title))
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func incrementalRedrawEqualsAFullOneAfterEachView(width: Int, height: Int) throws {
        let workspace = ReaderRedrawEndToEndTests.Workspace()
        let tmux = try TmuxSession(width: width, height: height, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor("the index to be read") { $0.contains("41 articles") && !$0.contains("indexing") }
        try tmux.send("T")
        try tmux.waitFor(text: "Timeline by month")
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: width, height: height, steps: ["p", "j", "Escape"])
        try tmux.send("R")
        try tmux.waitFor(text: "Thread · depth 2")
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: width, height: height, steps: ["d", "Escape"])
        // And a narrowing by the timeline, which changes the list under the panes.
        try tmux.send("T")
        try tmux.waitFor(text: "Timeline by month")
        // (Under 60 columns the status line has no room left for the markers' message beside the dates: cleared again.)
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: width, height: height, steps: width < 60 ? ["Enter", "C"] : ["Enter"])
    }
}
