import CorpusGenerator
import Foundation
import Testing

/// The reader as a person uses it, in tmux: open, scroll, follow a link, back,
/// forward, resize, quit, and the terminal restored on every way out.
@Suite(.serialized) struct ReaderEndToEndTests {
    /// A generated corpus plus the real sample, with private cache and data folders.
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-e2e-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        let generator = CorpusGenerator(count: 40, seed: 77, outsidePercent: 20)

        init() throws {
            try CorpusWriter.write(generator, to: corpus)
            if FileManager.default.fileExists(atPath: CommandRunner.sample) {
                try FileManager.default.copyItem(atPath: CommandRunner.sample, toPath: corpus + "/000_088c11af44b8187a.txt")
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root]
        }

        func session(width: Int = 120, height: Int = 40) throws -> TmuxSession {
            try TmuxSession(width: width, height: height, arguments: [corpus], environment: environment)
        }

        /// The newest generated article and the first of its related items that resolves.
        func newestWithALink() -> (title: String, linkIndex: Int, targetTitle: String)? {
            let snapshots = (0..<generator.count).map(generator.snapshot)
            guard let newest = snapshots.max(by: { $0.publishedAt < $1.publishedAt }),
                  let index = newest.relatedTargets.firstIndex(where: { $0 != nil }),
                  let target = snapshots.first(where: { $0.fileName == newest.relatedTargets[index] })
            else { return nil }
            return (newest.title, index, target.title)
        }
    }

    @Test func openScrollFollowBackForwardResizeQuit() throws {
        let workspace = try Workspace()
        let link = try #require(workspace.newestWithALink())
        let tmux = try workspace.session()
        try tmux.waitFor(text: "41 articles")
        var screen = try tmux.waitFor(text: link.title)
        #expect(screen.contains("1 Articles"))
        #expect(screen.contains("2 Article"))
        #expect(screen.contains("3 Related"))

        // Scroll the article.
        try tmux.send("2")
        try tmux.waitFor(text: "[Article]")
        let before = try tmux.capture()
        try tmux.send("j", "j", "j")
        try tmux.waitFor("the article to scroll") { $0 != before && $0.contains("4-") }

        // Follow a related item.
        try tmux.send("3")
        for _ in 0..<link.linkIndex { try tmux.send("j") }
        try tmux.send("Enter")
        screen = try tmux.waitFor(text: "trail 1←→0")
        #expect(screen.contains(link.targetTitle))

        // Back and forward.
        try tmux.send("H")
        try tmux.waitFor(text: "trail 0←→1")
        try tmux.send("L")
        screen = try tmux.waitFor(text: "trail 1←→0")
        #expect(screen.contains(link.targetTitle))

        // Resize reflows.
        try tmux.resize(width: 80, height: 24)
        screen = try tmux.waitFor("the 80-column layout") { $0.split(separator: "\n").contains { $0 == Substring(String(repeating: "─", count: 80)) } }
        try tmux.resize(width: 40, height: 12)
        try tmux.waitFor("the zoomed layout") { $0.contains("3 Related") && !$0.contains("1 Articles") }

        // Quit restores the terminal.
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func filesAddedAndRemovedWhileReadingShowUp() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 100, height: 30)
        try tmux.waitFor(text: "41 articles")
        let text = try String(contentsOfFile: CommandRunner.fixtures + "/full-width-colons.txt", encoding: .utf8)
        try FileManager.default.createDirectory(atPath: workspace.corpus + "/new", withIntermediateDirectories: true)
        try text.write(toFile: workspace.corpus + "/new/island-school.txt", atomically: false, encoding: .utf8)
        try tmux.waitFor(text: "42 articles")
        try tmux.waitFor(text: "海岛小学用上“云课堂”")
        try FileManager.default.removeItem(atPath: workspace.corpus + "/" + workspace.generator.fileName(0))
        try tmux.waitFor(text: "41 articles")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func chineseSearchAndABookmarkThatSurvivesSIGKILL() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 120, height: 40)
        try tmux.waitFor(text: "41 articles")
        try tmux.send("/")
        try tmux.type("合力")
        try tmux.waitFor(text: " 1 found ·") // not "41 found"
        try tmux.send("Enter")
        var screen = try tmux.waitFor(text: "· /合力")
        #expect(screen.contains("聚焦“实敢当”工作亮点多"))
        try tmux.send("b")
        let bookmarkedScreen = try tmux.waitFor(text: "Bookmarked:")
        let pid = try #require(try tmux.readerPID())
        kill(pid, SIGKILL)
        try tmux.waitFor(text: "EXITED 137")
        let bookmarks = try CommandRunner.run(["bookmarks", "--json"], environment: workspace.environment)
        #expect(bookmarks.stdout.contains("聚焦“实敢当”工作亮点多"),
                "the bookmark was on disk before the kill; bookmarks printed \(bookmarks.stdout) \(bookmarks.stderr); the screens: \(screen) then \(bookmarkedScreen)")
        // The search is remembered for the next run.
        let again = try workspace.session(width: 120, height: 40)
        try again.waitFor(text: "41 articles")
        try again.send("/", "Up")
        screen = try again.waitFor(text: "/合力▏")
        try again.send("Escape", "q")
        try again.waitFor(text: "EXITED 0")
    }

    @Test func reopeningTheCorpusRestoresWhereOneWas() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 120, height: 40)
        // The list's own rows, not only the top line's count: keys sent before
        // the order is in would move nothing.
        try tmux.waitFor("the list") { $0.contains("41 articles") && $0.contains("1/41") }
        try tmux.send("j", "j", "j")
        try tmux.waitFor(text: "4/41")
        try tmux.send("Enter", "j", "j")
        // Each condition names what the keys did (the article scrolled two
        // lines: its title line says 3-…), rather than waiting for the screen
        // to be quiet, which a loaded machine reaches between two frames.
        let articleTitle = { (screen: String) in screen.split(separator: "\n").dropFirst(1).first.map(String.init) ?? "" }
        let before = try tmux.waitFor("the article scrolled by two") { $0.contains("[Article]") && articleTitle($0).contains(" 3-") }
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
        // Without the unread marks (•): the article opened is marked read a
        // moment after it shows, and a related item that leads to it then loses its mark.
        let articleLines = { (screen: String) in
            screen.split(separator: "\n").dropFirst(1).prefix(20).map { ($0.split(separator: "│").last ?? "").replacingOccurrences(of: "•", with: " ") }
        }
        let again = try workspace.session(width: 120, height: 40)
        // The session is put back in steps (the list, the article found, its
        // document, its scroll): wait for the last, with a timeout.
        let after = try again.waitFor("the same article at the same scroll") { $0.contains("[Article]") && articleLines($0) == articleLines(before) }
        #expect(articleLines(after) == articleLines(before))
        try again.send("q")
        try again.waitFor(text: "EXITED 0")
    }

    @Test func openAndCopyTheOriginalAddressAndABrokenConfig() throws {
        let root = NSTemporaryDirectory() + "snapread-url-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/corpus", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.fixtures + "/full-width-colons.txt", toPath: root + "/corpus/island.txt")
        // A "browser" that writes down what it was asked to open.
        let browser = root + "/browser.sh"
        try "#!/bin/sh\necho \"$1\" > \(root)/opened.txt\n".write(toFile: browser, atomically: true, encoding: .utf8)
        chmod(browser, 0o755)
        try "theme = \"dark\"\nmouse = sometimes\n".write(toFile: root + "/config/config.toml", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(width: 100, height: 30, arguments: [root + "/corpus"], environment: [
            "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config",
            "HOME": root, "BROWSER": browser,
        ])
        try tmux.setOption("set-clipboard", "on")
        let screen = try tmux.waitFor(text: "1 article")
        #expect(screen.contains("config.toml:2:"), "the broken config is reported with its line")
        try tmux.send("Escape")
        try tmux.waitFor("the problem's box closed") { !$0.contains("config.toml:2:") }
        try tmux.send("o")
        try tmux.waitFor(text: "Opened in browser.sh")
        let opened = try String(contentsOfFile: root + "/opened.txt", encoding: .utf8)
        #expect(opened == "https://news.example.cn/2024/0702/island-school.html\n")
        try tmux.send("y")
        try tmux.waitFor(text: "Copied the original address.")
        try tmux.waitFor("the copied address in tmux's buffer") { _ in
            (try? tmux.buffer()) == "https://news.example.cn/2024/0702/island-school.html"
        }
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func mouseClickWheelAndFollow() throws {
        let root = NSTemporaryDirectory() + "snapread-mouse-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tmux = try TmuxSession(width: 120, height: 40, arguments: [], environment: [
            "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config", "HOME": root,
        ])
        try tmux.waitFor(text: "41 articles")
        // The list's rows start on screen row 2: a click on row 6 selects the fifth article.
        try tmux.mouse(button: 0, x: 10, y: 6)
        try tmux.waitFor(text: "[Articles] 5/41")
        // The wheel over the article scrolls it and leaves the focus alone.
        try tmux.mouse(button: 65, x: 70, y: 8)
        try tmux.waitFor("the article to scroll") { $0.contains("4-") && $0.contains("[Articles] 5/41") }
        // A click on a resolved related story follows it (links are resolved
        // on their own thread: wait until one is shown).
        let screen = try tmux.waitFor("a resolved related story") { $0.contains("│ → ") }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let linkRow = try #require(rows.firstIndex { $0.contains("│ → ") })
        try tmux.mouse(button: 0, x: 60, y: linkRow)
        try tmux.waitFor(text: "trail 1←→0")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func ctrlCQuits() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "41 articles")
        try tmux.send("C-c")
        let screen = try tmux.waitFor(text: "EXITED 0")
        #expect(!screen.contains("1 Articles"), "the reader's screen is gone")
    }

    @Test func sigtermAndSighupRestoreTheTerminal() throws {
        for signal in [SIGTERM, SIGHUP] {
            let workspace = try Workspace()
            let tmux = try workspace.session(width: 80, height: 24)
            try tmux.waitFor(text: "41 articles")
            let pid = try #require(try tmux.readerPID())
            kill(pid, signal)
            let screen = try tmux.waitFor(text: "EXITED \(128 + signal)")
            #expect(!screen.contains("1 Articles"), "the alternate screen was left")
        }
    }

    @Test func aCrashRestoresTheTerminal() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "41 articles")
        let pid = try #require(try tmux.readerPID())
        kill(pid, SIGSEGV)
        let screen = try tmux.waitFor(text: "EXITED \(128 + SIGSEGV)")
        #expect(!screen.contains("1 Articles"))
    }
}

@Suite struct DemoCorpusEndToEndTests {
    /// `snapread` with no argument and no config opens the demo corpus and
    /// lists its broken files as skipped.
    @Test func noArgumentOpensTheDemoCorpus() throws {
        let root = NSTemporaryDirectory() + "snapread-demo-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tmux = try TmuxSession(width: 120, height: 40, arguments: [], environment: [
            "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root,
        ])
        try tmux.waitFor(text: "41 articles · 4 skipped (!)")
        try tmux.waitFor(text: "Demo/corpus")
        try tmux.send("!")
        try tmux.waitFor(text: "Files that are not snapshots")
        // The overlay may be caught half drawn: wait for its rows.
        try tmux.waitFor(text: "binary data, not a snapshot")
        try tmux.waitFor(text: "crawler-notes.md")
        try tmux.send("Escape", "q")
        try tmux.waitFor(text: "EXITED 0")
    }
}
