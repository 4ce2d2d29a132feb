import Foundation
import Testing

extension TmuxSession {
    /// A mouse report in the SGR encoding (mode 1006), as a terminal sends it
    /// once asked to: `ESC [ < button ; column ; row M`, counted from 1, so any
    /// column can be named. Button 0 is a press (its release follows, `m`), 64
    /// and 65 the wheel up and down; x and y count from 0.
    func sgrMouse(button: Int, x: Int, y: Int) throws {
        var report = "\u{1B}[<\(button);\(x + 1);\(y + 1)M"
        if button == 0 { report += "\u{1B}[<0;\(x + 1);\(y + 1)m" }
        _ = try TmuxSession.run("/usr/bin/tmux", ["-L", server, "send-keys", "-H"] + report.utf8.map { String(format: "%02x", $0) })
    }
}

/// The rough edges in tmux: mouse reports past column 223, a config with bad
/// lines, `~`, ambiguous_width = 2, and `show` wrapped by clreq's rules.
@Suite(.serialized) struct EdgesEndToEndTests {
    final class Folder {
        let root = NSTemporaryDirectory() + "snapread-edges-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config", "HOME": root]
        }
        func config(_ text: String) throws { try text.write(toFile: root + "/config/config.toml", atomically: true, encoding: .utf8) }
    }

    @Test func clicksPastColumn223InSGREncoding() throws {
        let folder = try Folder()
        // 260 columns: list | article | related, the related pane from column 198 on.
        let tmux = try TmuxSession(width: 260, height: 40, arguments: [], environment: folder.environment)
        try tmux.waitFor(text: "41 articles")
        try tmux.waitFor("a resolved related story") { $0.contains("│ → ") }
        // A wheel report far right, over the related pane, is read (not typed as text).
        try tmux.sgrMouse(button: 65, x: 250, y: 10)
        // The first related story is on row 2; a click at column 240 follows it.
        try tmux.sgrMouse(button: 0, x: 240, y: 2)
        let screen = try tmux.waitFor(text: "trail 1←→0")
        #expect(!screen.contains("[<"), "no report leaked into the screen as keys")
        // A click in the list (X10 reports still work too) selects there.
        try tmux.sgrMouse(button: 0, x: 10, y: 6)
        try tmux.waitFor(text: "[Articles] 5/41")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func badConfigLinesAreReportedAndTheRestApplies() throws {
        let folder = try Folder()
        let corpus = folder.root + "/news"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.fixtures + "/full-width-colons.txt", toPath: corpus + "/island.txt")
        try folder.config("""
            corpus = "~/news"
            mouse = sometimes
            [keys.global]
            "Q" = "quit"
            "q" = "jump"
            """)
        // No folder given: `~/news` is $HOME/news.
        let tmux = try TmuxSession(width: 40, height: 12, arguments: [], environment: folder.environment)
        try tmux.waitFor(text: "1 article")
        // Each in its box, one at a time, whole (wrapped at 40 columns): a key shows the next, and after the last closes it.
        var screen = try tmux.waitFor(text: "Problem 1/2")
        #expect(ReaderOpenPointsEndToEndTests.boxText(screen) == "config.toml:2: “sometimes” is not a value; strings need quotes", "\(screen)")
        try tmux.send("j")
        screen = try tmux.waitFor(text: "Problem 2/2")
        #expect(ReaderOpenPointsEndToEndTests.boxText(screen) == "config.toml:5: unknown action “jump”", "\(screen)")
        // What the box leaves when it closes is what a full redraw draws.
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: 40, height: 12, steps: ["j"])
        #expect(!(try tmux.capture()).contains("Problem"))
        // The remap around the bad lines applies: Q quits.
        try tmux.send("Q")
        try tmux.waitFor(text: "EXITED 0")
        // Lines that stderr wrapped at 40 columns, joined again.
        let after = try TmuxSession.run("/usr/bin/tmux", ["-L", tmux.server, "capture-pane", "-p", "-J", "-S", "-100"])
        // Then each problem is on stderr again, in full.
        #expect(after.contains("config.toml:2: “sometimes” is not a value; strings need quotes"), "\(after)")
        #expect(after.contains("config.toml:5: unknown action “jump”; actions are quit,"), "\(after)")
    }

    @Test func ambiguousWidthTwoPlacesCursesCellsAsTheLayoutDoes() throws {
        let folder = try Folder()
        try folder.config("ambiguous_width = 2\n")
        let tmux = try TmuxSession(width: 120, height: 32, arguments: [], environment: folder.environment)
        let screen = try tmux.waitFor(text: "41 articles")
        // tmux draws "…" one column wide, so a row reads as the layout's cells
        // with each continuation cell left out: with curses counting "…" two
        // columns, it writes the separator right after it; counting one, it
        // would leave a blank cell between them.
        let rows = screen.split(separator: "\n").map(String.init)
        let cut = rows.filter { $0.contains("…") && $0.contains("|") }
        #expect(!cut.isEmpty, "truncated list rows with the ASCII separator:\n\(screen)")
        #expect(cut.contains { $0.contains("…|") }, "\(screen)")
        // Box drawing is ASCII under the setting.
        #expect(!screen.contains("│"))
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func thePromptEditsLikeReadline() throws {
        let folder = try Folder()
        let tmux = try TmuxSession(width: 80, height: 24, arguments: [], environment: folder.environment)
        try tmux.waitFor(text: "41 articles")
        try tmux.send("/")
        // Chinese as an input method commits it, then two steps left and a word back.
        try tmux.type("合作社 书店")
        try tmux.send("Left", "Left", "C-w")
        try tmux.waitFor(text: " /书店 ")
        try tmux.send("C-e")
        try tmux.type("夜市")
        try tmux.waitFor(text: " /书店夜市▏")
        // Ctrl-C closes the prompt like Esc and gives the list back.
        try tmux.send("C-c")
        try tmux.waitFor("the prompt to close") { !$0.contains(" /书店") && $0.contains("[Articles] 1/41") }
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    /// `show` at several widths, the sample and every demo snapshot: no
    /// wrapped line starts with a closing mark or ends with an opening one.
    @Test func showWrapsByClreq() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let demo = CommandRunner.packageRoot + "/Demo/corpus"
        var files = [CommandRunner.sample]
        let enumerator = FileManager.default.enumerator(atPath: demo)
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".txt") { files.append(demo + "/" + name) }
        }
        let mayNotStart = Set("」』】〗〕］｝〉》）”’。．，、：；？！・·‥…々〻ゝゞヽヾ～")
        let mayNotEnd = Set("「『【〖〔［｛〈《（“‘")
        var checked = 0
        for file in files {
            for width in [30, 40, 50] {
                let result = try CommandRunner.run(["show", file, "--width", String(width)])
                guard result.status == 0 else { continue }
                checked += 1
                let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
                    // Paragraphs are separated by empty lines; within one, each line break is a wrap.
                    if let first = next.first, mayNotStart.contains(first), !line.hasPrefix("─") {
                        Issue.record("\(file) at \(width): a line starts with \(first): \(next)")
                    }
                    if let last = line.last, mayNotEnd.contains(last) {
                        Issue.record("\(file) at \(width): a line ends with \(last): \(line)")
                    }
                }
            }
        }
        #expect(checked > 90)
    }
}
