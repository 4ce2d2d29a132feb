import Foundation
import Testing

/// The real binary in a private tmux server at a fixed size: send keys, poll
/// the screen until a condition holds, print the screen when it does not.
final class TmuxSession {
    let server = "snapread-test-" + UUID().uuidString.prefix(8)

    init(width: Int, height: Int, arguments: [String], environment: [String: String]) throws {
        let env = ["SNAPREAD_WATCH_IDLE": "20"].merging(environment) { $1 }.merging(["TERM": "tmux-256color", "LANG": "C.UTF-8"]) { $1 }
            .map { "\($0.key)=\(TmuxSession.quote($0.value))" }.sorted().joined(separator: " ")
        let command = "env \(env) \(TmuxSession.quote(CommandRunner.binary)) \(arguments.map(TmuxSession.quote).joined(separator: " ")); echo EXITED $?; sleep 30"
        // The server forks from this first client and keeps every descriptor
        // it inherits, including the one Foundation's Process watches for the
        // child's exit: start it through system(3) instead.
        let start = ["/usr/bin/tmux", "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height), command]
            .map(TmuxSession.quote).joined(separator: " ")
        guard system(start + " </dev/null >/dev/null 2>&1") == 0 else { throw TmuxError.cannotStart }
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Sends tmux key names (`j`, `Enter`, `C-o`, `BSpace` …).
    func send(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", key]) }
    }

    /// Types text as it is (Chinese included), the way an input method commits it.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", text])
    }

    /// A mouse event as an xterm sends it (X10 encoding, what tmux-256color's
    /// kmous announces), typed into the pane. Button 0 is a press, 64 and 65
    /// the wheel up and down; x and y count from 0.
    func mouse(button: Int, x: Int, y: Int) throws {
        var bytes: [UInt8] = [0x1B, 0x5B, 0x4D, UInt8(32 + button), UInt8(33 + x), UInt8(33 + y)]
        if button == 0 { bytes += [0x1B, 0x5B, 0x4D, UInt8(32 + 3), UInt8(33 + x), UInt8(33 + y)] } // and the release
        try tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    func setOption(_ name: String, _ value: String) throws {
        try tmux(["set-option", "-g", name, value])
    }

    /// tmux's most recent paste buffer (where OSC 52 copies land).
    func buffer() throws -> String {
        try tmux(["show-buffer"])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p"])
    }

    /// Waits until the screen stops changing (every key sent is answered).
    @discardableResult
    func waitForStable(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var previous = try capture()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.15)
            let current = try capture()
            if current == previous { return current }
            previous = current
        }
        Issue.record("the screen never settled:\n\(previous)", sourceLocation: sourceLocation)
        return previous
    }

    /// Polls the screen until `condition` holds; records the screen when it times out.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(screen)", sourceLocation: sourceLocation)
        return screen
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The process id of the reader, for sending signals.
    func readerPID() throws -> Int32? {
        let panePID = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        // The pane's child whose command line names snapread, read from /proc
        // (no pgrep needed on a minimal machine).
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) " come the state and the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, String(fields[1]) == panePID,
                  let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  String(decoding: command, as: UTF8.self).contains("snapread") else { continue }
            return pid
        }
        return nil
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try TmuxSession.run("/usr/bin/tmux", ["-L", server] + arguments)
    }

    enum TmuxError: Error { case cannotStart }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension TmuxSession {
    /// On a reader showing the five-article workspace: opens the first article and answers
    /// the save prompt (`S`) with `path` in place of the name it offers.
    func saveFirstArticle(as path: String) throws {
        try waitFor(text: "5 articles", timeout: 20)
        try send("Enter")
        try waitFor(text: "[Article]")
        try send("S")
        try waitFor(text: ".md")
        try send("C-u")
        try type(path)
        try send("Enter")
    }
}
