import Foundation
import SnapshotFormat
import Testing

/// Copies in the reader through the real binary, in tmux, on what
/// `snapgen --copies` writes: one row a story, a copy opened from the related
/// pane onto the trail, the diff view (and the redraw rule after it closes),
/// the article in both scripts, and back. Under NO_COLOR, so the diff's
/// marks are what carries its meaning.
@Suite(.serialized) struct CopiesReaderEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-copies-reader-" + UUID().uuidString
        var corpus: String { root + "/corpus" }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root,
             "SNAPREAD_WATCH": "0", "NO_COLOR": "1"]
        }
    }

    /// One file of the truth `snapgen --copies-truth` writes.
    struct Planted: Decodable {
        var file: String
        var kind: String
        var story: Int
    }

    struct Truth: Decodable {
        var files: [Planted]
    }

    /// snapgen, built beside snapread.
    static var snapgen: String { (CommandRunner.binary as NSString).deletingLastPathComponent + "/snapgen" }

    @Test(arguments: [(120, 40), (80, 24), (40, 12)])
    func toggleOpenACopyDiffConvertAndBack(width: Int, height: Int) throws {
        let workspace = Workspace()
        let truthPath = workspace.root + "/truth.json"
        _ = try TmuxSession.run(Self.snapgen, [workspace.corpus, "--count", "60", "--copies", "20", "--decoys", "2", "--copies-truth", truthPath])
        let truth = try JSONDecoder().decode(Truth.self, from: try Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let stories = Set(truth.files.map(\.story)).count
        let edit = try #require(truth.files.first { $0.kind == "edit" })
        let editTitle = try SnapshotParser.parse(fileAt: workspace.corpus + "/" + edit.file).title

        let tmux = try TmuxSession(width: width, height: height, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor("the index to be read") { $0.contains("\(truth.files.count) articles") && !$0.contains("indexing") }
        // One row a story, and every row again.
        try tmux.send("O")
        try tmux.waitFor(text: "\(stories) stories")
        try tmux.send("O")
        try tmux.waitFor(text: "\(truth.files.count) articles")
        // The edited version, found by its title, opened; its original is the copy in the related pane.
        try tmux.send("/")
        try tmux.type(editTitle)
        try tmux.waitFor("the search to find the edit alone") { screen in
            screen.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces).hasSuffix(" 1 article") } == true
        }
        try tmux.send("Enter")
        try tmux.send("Enter")
        // The search is cleared (the article stays open), so the status line has room for the trail.
        try tmux.send("C")
        try tmux.waitFor(text: "\(truth.files.count) articles")
        try tmux.send("3")
        try tmux.waitFor(text: "other snapshots of this story (1)")
        try tmux.send("Enter")
        try tmux.waitFor(text: "trail 1←→0")
        // The diff from the original to the edit: the title and the rewritten paragraph, marked.
        try tmux.send("D")
        let diff = try tmux.waitFor("the diff") { $0.contains("Diff · older → newer") && $0.contains("from ") }
        // Scrolled down until the marks show (at 40x12 the header takes the first screen).
        var shown = diff
        for _ in 0..<12 where !(shown.contains("{+") || shown.contains("[-")) {
            try tmux.send("j")
            shown = try tmux.waitForStable()
        }
        #expect(shown.contains("{+") || shown.contains("[-"), "the marks show without colour:\n\(shown)")
        try tmux.send("G")
        let end = try tmux.waitForStable()
        // At 40x12 a long rewritten paragraph fills the last screen; its heading is above.
        if height >= 24 { #expect(end.contains("changed"), "the rewritten paragraph is named:\n\(end)") }
        try tmux.send("g")
        try tmux.waitFor("the diff's top") { $0.contains(" from ") }
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: width, height: height, steps: ["Escape"])
        #expect(!(try tmux.capture()).contains("Diff · older"))
        // The article in simplified, then traditional (the header names it), then as it is.
        try tmux.send("2")
        try tmux.send("z")
        try tmux.waitFor(text: "简体 · ")
        try tmux.send("z")
        try tmux.waitFor(text: "繁體 · ")
        try tmux.send("z")
        try tmux.waitFor("the article as its file has it") { !$0.contains("繁體 · ") && !$0.contains("简体 · ") }
        // Back along the trail to the edit.
        try tmux.send("H")
        try tmux.waitFor(text: "trail 0←→1")
    }
}
