import Foundation
import Testing

/// `o` in the real reader, in tmux: only web addresses open, `$BROWSER` is a
/// list tried in order, a browser that fails is said to have failed; and a
/// title full of escapes is drawn as stand-ins.
@Suite(.serialized) struct BrowserEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-browser-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var opened: String { root + "/opened.txt" }

        init() throws {
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            // The newest, shown first, with an address that must not open.
            try HostileOutputTests.Workspace.snapshot(body: "第一篇。", url: "javascript:alert(1)")
                .write(toFile: corpus + "/001_aaaaaaaaaaaaaaaa.txt", atomically: true, encoding: .utf8)
            try HostileOutputTests.Workspace.snapshot(body: "第二篇。", url: "https://example.com/page.html")
                .replacingOccurrences(of: "2024-03-25 11:52:00", with: "2023-01-02 08:00:00")
                .replacingOccurrences(of: HostileOutputTests.title, with: "有网址的文章")
                .write(toFile: corpus + "/002_bbbbbbbbbbbbbbbb.txt", atomically: true, encoding: .utf8)
            try script("failing", "exit 3")
            try script("recording", "printf '%s' \"$1\" > \(TmuxSession.quote(opened))")
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func script(_ name: String, _ body: String) throws {
            let path = root + "/" + name
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        func session(browser: String) throws -> TmuxSession {
            try TmuxSession(width: 150, height: 30, arguments: [corpus], environment: [
                "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
                "HOME": root, "SNAPREAD_WATCH": "0", "BROWSER": browser,
            ])
        }
    }

    @Test func onlyWebAddressesOpenWithTheFirstBrowserThatWorks() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(browser: "/no/such/browser:\(workspace.root)/failing:\(workspace.root)/recording")
        // The title's ESC, BEL, C1 and DEL are drawn as stand-ins, not obeyed
        // by the terminal (tmux) and not blanked.
        try tmux.waitFor(text: "标题^[]0;PWNED^G有^[[2J转义")
        try tmux.waitFor(text: "第一篇")
        try tmux.send("o")
        try tmux.waitFor(text: "Not opened: only http and https addresses")
        #expect(!FileManager.default.fileExists(atPath: workspace.opened), "a javascript: address reached a browser")

        try tmux.send("j", "Enter")
        try tmux.waitFor(text: "第二篇")
        try tmux.send("o")
        try tmux.waitFor(text: "Opened in recording")
        let opened = try String(contentsOfFile: workspace.opened, encoding: .utf8)
        #expect(opened == "https://example.com/page.html")
    }

    @Test func aBrowserThatFailsIsReportedInWords() throws {
        let workspace = try Workspace()
        let tmux = try workspace.session(browser: "/no/such/browser:\(workspace.root)/failing")
        try tmux.waitFor(text: "第一篇")
        try tmux.send("j", "Enter")
        try tmux.waitFor(text: "第二篇")
        try tmux.send("o")
        let screen = try tmux.waitFor(text: "Could not open the address")
        #expect(screen.contains("browser: not found"), "\(screen)")
        #expect(screen.contains("failing failed (exit status 3)"), "\(screen)")
        #expect(!screen.contains("NSCocoaErrorDomain"))
    }
}
