import CorpusGenerator
import Foundation
import Testing

/// Read marks are written on a queue of their own; the way out (`q`, SIGTERM,
/// SIGHUP) waits for every one still queued. Marking 200 articles read (`A`)
/// is one lookup and one transaction on that queue: the reader is ended
/// while they may still be written, and every one must be on disk afterwards.
@Suite(.serialized) struct ReadMarkFlushEndToEndTests {
    enum Ending: String, CaseIterable, Sendable {
        case quitKey, terminate, hangUp
    }

    static let count = 200

    @Test(arguments: Ending.allCases)
    func readMarksQueuedJustBeforeTheEndAreAllWritten(ending: Ending) throws {
        let root = NSTemporaryDirectory() + "snapread-marks-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try CorpusWriter.write(CorpusGenerator(count: Self.count, seed: 41, filesPerFolder: 50), to: corpus)
        let environment = ["HOME": root, "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data",
                           "XDG_CONFIG_HOME": root + "/config"]
        #expect(try Self.unread(corpus, environment) == Self.count, "all unread to begin with")

        let tmux = try TmuxSession(width: 100, height: 30, arguments: [corpus], environment: environment)
        try tmux.waitFor(text: "\(Self.count) articles", timeout: 30)
        let pid = try #require(try tmux.readerPID())
        try tmux.send("A")
        try tmux.waitFor(text: "as read? (y/n)")
        switch ending {
        case .quitKey:
            // Both keys in one go: `q` is read while the marks are being written.
            try tmux.send("y", "q")
        case .terminate, .hangUp:
            try tmux.send("y")
            // The question closes when `y` is taken, the marks queued.
            try tmux.waitFor("the question to close") { !$0.contains("as read? (y/n)") }
            if ending == .terminate {
                kill(pid, SIGTERM)
            } else {
                _ = try TmuxSession.run("/usr/bin/tmux", ["-L", tmux.server, "kill-server"])
            }
        }
        #expect(SignalEndToEndTests.waitUntilGone(pid, seconds: 30), "the reader ended")
        #expect(try Self.unread(corpus, environment) == 0, "every read mark queued before the end was written")
    }

    /// How many articles `list --unread` shows (a line each).
    static func unread(_ corpus: String, _ environment: [String: String]) throws -> Int {
        let result = try CommandRunner.run(["list", corpus, "--unread"], environment: environment)
        #expect(result.status == 0, "list --unread: \(result.stderr)")
        return result.stdout.split(separator: "\n").filter { !$0.isEmpty }.count
    }
}
