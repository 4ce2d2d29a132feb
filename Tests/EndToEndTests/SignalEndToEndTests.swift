import Foundation
import Testing

/// SIGTERM and SIGHUP (the terminal closing) leave the reader the way `q`
/// does: the next start is at the same article, filter, scroll and pane, and
/// the read mark made just before is kept.
@Suite(.serialized) struct SignalEndToEndTests {
    enum Ending: String, CaseIterable, Sendable {
        /// `kill -TERM` of the reader.
        case terminate
        /// The tmux server killed: the pane's terminal goes away and the
        /// reader gets SIGHUP, as when a terminal window is closed.
        case hangUp
    }

    @Test(arguments: Ending.allCases)
    func aSignalKeepsTheReadingPlace(ending: Ending) throws {
        let workspace = try ReaderEndToEndTests.Workspace()
        let tmux = try workspace.session(width: 120, height: 40)
        try tmux.waitFor(text: "41 articles")
        // A search as the filter: only the real sample has 合力 in it.
        try tmux.send("/")
        try tmux.type("合力")
        try tmux.send("Enter")
        try tmux.waitFor("one result, unread") { $0.contains("1/1") && $0.contains("•  24-03-25") }
        // Open it (a read mark), then scroll the article.
        try tmux.send("Enter")
        try tmux.waitFor("the article open and read") { $0.contains("[Article] · /合力") && $0.contains("   24-03-25") }
        try tmux.send("j", "j", "j", "j")
        try tmux.waitFor(text: "5-")
        let before = try tmux.waitForStable()
        let pid = try #require(try tmux.readerPID())

        switch ending {
        case .terminate:
            kill(pid, SIGTERM)
            let screen = try tmux.waitFor(text: "EXITED \(128 + SIGTERM)")
            #expect(!screen.contains("1 Articles"), "the terminal was restored")
        case .hangUp:
            _ = try TmuxSession.run("/usr/bin/tmux", ["-L", tmux.server, "kill-server"])
        }
        #expect(Self.waitUntilGone(pid, seconds: 20), "the reader ended")

        let again = try workspace.session(width: 120, height: 40)
        let after = try again.waitFor("the same place", timeout: 20) { $0 == before }
        #expect(after == before)
        try again.send("q")
        try again.waitFor(text: "EXITED 0")
    }

    @Test func sigintAndSigquitEndWithTheirStatusAndRestoreTheTerminal() throws {
        for signal in [SIGINT, SIGQUIT] {
            let workspace = try ReaderEndToEndTests.Workspace()
            let tmux = try workspace.session(width: 80, height: 24)
            try tmux.waitFor(text: "41 articles")
            let pid = try #require(try tmux.readerPID())
            kill(pid, signal)
            // SIGQUIT may dump core: the shell then says so before the status.
            let screen = try tmux.waitFor(text: "EXITED \(128 + signal)")
            #expect(!screen.contains("1 Articles"), "the alternate screen was left")
        }
    }

    /// Whether the process is gone (or a zombie nobody reaps) within `seconds`.
    static func waitUntilGone(_ pid: Int32, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return true }
            if stat[stat.index(after: close)...].split(separator: " ").first == "Z" { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
