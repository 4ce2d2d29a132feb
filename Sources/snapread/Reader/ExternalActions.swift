import Foundation
import SnapshotFormat

/// Which addresses from a snapshot may be handed to a browser: http and
/// https only. A snapshot is written by a stranger; its `file:///etc/passwd`
/// or `javascript:` address must not become a local file or a script opened
/// with one key.
enum WebAddress {
    static func isOpenable(_ address: String) -> Bool {
        let lowered = address.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return false }
        // Nothing a shell or a terminal would read as more than one argument.
        return !address.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }
    }
}

/// Opening a URL in a browser and copying text to the terminal's clipboard.
enum ExternalActions {
    /// Browsers that take over the terminal and must run in the foreground.
    static let terminalBrowsers: Set<String> = ["w3m", "lynx", "links", "elinks", "browsh", "carbonyl"]

    /// How long a graphical browser is watched after it starts: one that
    /// fails (no display, a bad option) exits at once with a status; one
    /// still running then has opened, or is opening, the page.
    static let startupWatchSeconds = 0.4

    /// The commands to try, in order: `$BROWSER` as the colon-separated list
    /// it is by convention (each entry a command line; `%s` in it is where
    /// the address goes), else xdg-open. Empty entries are skipped.
    static func browserCommands(environment: [String: String] = ProcessInfo.processInfo.environment) -> [[String]] {
        if let browsers = environment["BROWSER"] {
            let commands = browsers.split(separator: ":").map { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
            if !commands.isEmpty { return commands }
        }
        return [["xdg-open"]]
    }

    static func findInPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What became of one try, in words for the status line.
    enum Attempt {
        case opened
        case failed(String)
    }

    /// Opens `url` with the first browser that works, trying each of
    /// `commands` in order. `foreground` runs a terminal browser (the
    /// caller gives the terminal up around it). Returns the message to show.
    static func open(_ url: String, commands: [[String]] = browserCommands(),
                     foreground: (() -> Attempt) -> Attempt) -> String {
        guard WebAddress.isOpenable(url) else {
            return "Not opened: only http and https addresses open in a browser (this is \(TerminalText.visible(url)))"
        }
        var failures: [String] = []
        for command in commands {
            let name = (command[0] as NSString).lastPathComponent
            guard let executable = findInPath(command[0]) else {
                failures.append("\(name): not found")
                continue
            }
            var arguments = Array(command.dropFirst())
            if let slot = arguments.firstIndex(where: { $0.contains("%s") }) {
                arguments[slot] = arguments[slot].replacingOccurrences(of: "%s", with: url)
            } else {
                arguments.append(url)
            }
            let attempt = terminalBrowsers.contains(name)
                ? foreground { run(executable, arguments, waiting: nil) }
                : run(executable, arguments, waiting: startupWatchSeconds)
            switch attempt {
            case .opened: return "Opened in \(TerminalText.visible(name))."
            case .failed(let why): failures.append("\(TerminalText.visible(name)) \(why)")
            }
        }
        let tried = failures.joined(separator: "; ")
        return "Could not open the address: \(tried). Set $BROWSER (y copies the address)."
    }

    /// Runs a browser. With `waiting` nil, in the foreground to its end
    /// (a terminal browser); else detached, its output discarded, watched
    /// for that many seconds.
    static func run(_ executable: String, _ arguments: [String], waiting: Double?) -> Attempt {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if waiting != nil {
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            // Foundation's own text (NSCocoaErrorDomain Code=…) says nothing
            // to a person; errno does.
            let code = (error as NSError).userInfo[NSUnderlyingErrorKey].map { ($0 as? NSError)?.code ?? 0 } ?? 0
            return .failed(code > 0 ? "could not start: \(String(cString: strerror(Int32(code))))" : "could not start")
        }
        if let waiting {
            let deadline = Date().addingTimeInterval(waiting)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { return .opened }
        } else {
            process.waitUntilExit()
        }
        if process.terminationReason == .uncaughtSignal { return .failed("was killed (signal \(process.terminationStatus))") }
        return process.terminationStatus == 0 ? .opened : .failed("failed (exit status \(process.terminationStatus))")
    }

    /// The OSC 52 sequence that puts `text` on the clipboard of the terminal
    /// (and, through tmux's passthrough, of the terminal around tmux); it
    /// travels over ssh like any output.
    static func osc52(_ text: String, insideTmux: Bool) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;\(encoded)\u{07}"
        guard insideTmux else { return sequence }
        return sequence + "\u{1B}Ptmux;\u{1B}\(sequence)\u{1B}\\"
    }
}
