import Foundation

/// Opening a URL in a browser and copying text to the terminal's clipboard.
enum ExternalActions {
    /// Browsers that take over the terminal and must run in the foreground.
    static let terminalBrowsers: Set<String> = ["w3m", "lynx", "links", "elinks", "browsh", "carbonyl"]

    /// The command to open a URL: `$BROWSER` (its first word), else xdg-open; nil when there is none.
    static func browserCommand(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String]? {
        if let browser = environment["BROWSER"]?.split(separator: ":").first, !browser.isEmpty {
            return browser.split(separator: " ").map(String.init)
        }
        return findInPath("xdg-open", environment: environment).map { [$0] }
    }

    static func findInPath(_ name: String, environment: [String: String]) -> String? {
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts a graphical browser in the background, its output discarded.
    static func openDetached(_ command: [String], url: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0]
            : (findInPath(command[0], environment: ProcessInfo.processInfo.environment) ?? command[0]))
        process.arguments = Array(command.dropFirst()) + [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Runs a terminal browser in the foreground and waits for it.
    static func openInTerminal(_ command: [String], url: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: findInPath(command[0], environment: ProcessInfo.processInfo.environment) ?? command[0])
        process.arguments = Array(command.dropFirst()) + [url]
        try process.run()
        process.waitUntilExit()
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
