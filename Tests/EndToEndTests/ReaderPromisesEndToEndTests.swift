import CorpusGenerator
import Foundation
import Testing

/// What the reader promised and did not keep, tried through the binary in
/// tmux: `~` in the save prompt, and the diff view's line saying what kind
/// of difference it shows.
@Suite struct ReaderPromisesEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-promises-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var environment: [String: String] {
            ["HOME": root, "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config"]
        }

        init(count: Int = 5, copies: Int = 0, kinds: [PlantedKind] = [.script]) throws {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let base = CorpusGenerator(count: count, seed: 31)
            try CorpusWriter.write(base, to: corpus)
            if copies > 0 { try CopyPlanter(base: base, copies: copies, kinds: kinds).write(to: corpus, truthFile: nil) }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    /// The account's home folder from the password database.
    static var passwordHome: String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }

    @Test func tildeInTheSavePromptIsHOME() throws {
        let workspace = try Workspace()
        let name = "tilde-\(UUID().uuidString.prefix(8)).txt"
        // HOME is not the password entry's home here, as under sudo -E or in a container.
        #expect(Self.passwordHome != workspace.root)
        let wrongPlace = Self.passwordHome.map { $0 + "/" + name }
        defer { if let wrongPlace { try? FileManager.default.removeItem(atPath: wrongPlace) } }
        let tmux = try TmuxSession(width: 200, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.saveFirstArticle(as: "~/" + name)
        try tmux.waitFor(text: "Saved \(workspace.root)/\(name).", timeout: 10)
        try tmux.send("q", "q")
        try tmux.waitFor(text: "EXITED 0")
        let saved = try String(contentsOfFile: workspace.root + "/" + name, encoding: .utf8)
        #expect(saved.utf8.count > 20, "the article is in $HOME/\(name)")
        if let wrongPlace { #expect(!FileManager.default.fileExists(atPath: wrongPlace), "nothing in the password entry's home") }
    }

    /// A story and its copy in the other script: `D` says so in the line
    /// `snapread diff` prints first, and marks no character.
    @Test func theDiffViewSaysTheOtherScript() throws {
        let workspace = try Workspace(count: 4, copies: 4)
        let tmux = try TmuxSession(width: 120, height: 40, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "8 articles", timeout: 30)
        // Every story has its copy in the other script: open the first row and diff.
        try tmux.send("Enter")
        try tmux.waitFor(text: "other snapshots of this story (1)", timeout: 10)
        try tmux.send("D")
        let screen = try tmux.waitFor(text: "the same text in the other script", timeout: 10)
        #expect(!screen.contains("[-"), "no character is marked:\n\(screen)")
        #expect(!screen.contains("changed (now"), "no paragraph is listed as changed:\n\(screen)")
        try tmux.send("Escape", "q")
        try tmux.waitFor(text: "EXITED 0")
    }

    /// A story and its copy in the other script that was also edited, at
    /// 80x24 and 40x12: `D` names the title and the one rewritten paragraph,
    /// and the screens with the view open and closed are those Ctrl-L draws.
    @Test(arguments: [(80, 24), (40, 12)])
    func theDiffViewOfAnEditInTheOtherScriptNamesTheEditOnly(width: Int, height: Int) throws {
        let workspace = try Workspace(count: 4, copies: 4, kinds: [.scriptEdit])
        let tmux = try TmuxSession(width: width, height: height, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "8 articles", timeout: 30)
        try tmux.send("Enter")
        try tmux.waitFor("the article and its copy") { $0.contains("[Article]") && ReaderRedrawEndToEndTests.settled($0) }
        try tmux.send("D")
        // The view's hints on the last line: curses writes a frame top to
        // bottom, so the whole frame is on the screen once they show.
        let open = try tmux.waitFor("the diff view drawn whole") { $0.contains("edited, in the") && $0.contains("Esc close  j/k scroll") }
        try tmux.send("C-l")
        try tmux.waitFor("the diff view redrawn as it was") { $0 == open }
        // Scrolled through, the view names two things: the title and one paragraph.
        var named: [String] = []
        var screen = open
        for _ in 0..<40 {
            named += screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0 == "title changed:" || $0.contains("changed (now") || $0.contains(" removed:") || $0.contains(" added:") }
            // The view's title line says "↓ more" until the last line shows.
            guard screen.contains("↓ more") else { break }
            let before = screen
            try tmux.send("j")
            screen = try tmux.waitFor("the view scrolled a line") { $0 != before }
        }
        #expect(Set(named).count == 2 && named.contains("title changed:"), "\(named)")
        #expect(Set(named).contains { $0.hasPrefix("paragraph ") && $0.hasSuffix("changed (now \($0.split(separator: " ")[1])):") }, "\(named)")
        try tmux.send("Escape")
        let closed = try tmux.waitFor("the article again") { !$0.contains("Diff · older") && $0.contains("[Article]") }
        try tmux.send("C-l")
        try tmux.waitFor("the article redrawn as it was") { $0 == closed }
        try tmux.send("q", "q")
        try tmux.waitFor(text: "EXITED 0")
    }
}
