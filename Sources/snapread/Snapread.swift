import ArgumentParser
import Foundation
import SnapshotStore
#if canImport(Glibc)
import Glibc
#endif

/// The `snapread` command and its subcommands.
@main
struct Snapread: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapread",
        abstract: "A terminal reader for news snapshot dumps.",
        discussion: """
        With no subcommand, snapread opens the reader on DIR, or on the demo corpus when no DIR is given.

        Examples:
          snapread ~/news                                   read a corpus
          snapread index ~/news                             build or update its index
          snapread search ~/news 合力 --limit 10 --json     Chinese of any length
          snapread related ~/news 000_088c11af44b8187a.txt  each related story's file
          snapread bookmarks --markdown                     export bookmarks

        Index: $XDG_CACHE_HOME/snapread/. Bookmarks and read state: $XDG_DATA_HOME/snapread/ (or $SNAPREAD_DATA_DIR). Shell completions and a man page are in docs/ (see the README).
        """,
        version: "0.1.0",
        subcommands: [
            ReadCommand.self, Show.self, IndexCommand.self, ListCommand.self, SearchCommand.self, RelatedCommand.self,
            BacklinksCommand.self, CategoriesCommand.self, BookmarkCommand.self, BookmarksCommand.self, ConfigCommand.self, WatchCommand.self,
            TimelineCommand.self,
            ThreadCommand.self,
            CopiesCommand.self, DiffCommand.self,
        ],
        defaultSubcommand: ReadCommand.self
    )

    /// Runs the command line. Everything printed goes through `OutputWriter`;
    /// user-facing errors are one line on stderr and status 1.
    static func main() {
        // A closed pipe must come back as EPIPE, which the writer turns into
        // a quiet exit, instead of killing the process mid-line.
        signal(SIGPIPE, SIG_IGN)
        // The store's lines about damaged cache files name paths: they go
        // through the one writer and its stand-ins like every other line.
        CorpusIndex.defaultDamageReporter = { line in printError(line) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let suggestion = CommandSuggestion.forUnknownCommand(arguments, commands: visibleCommandNames) {
            finish(failing: suggestion)
        }
        do {
            Trace.mark("command line")
            var command = try parseAsRoot(arguments)
            Trace.mark("command line parsed")
            // The reader writes to a terminal and starts browsers, which
            // should not inherit an ignored SIGPIPE.
            if command is ReadCommand { signal(SIGPIPE, SIG_DFL) }
            try command.run()
            Trace.mark("command done")
        } catch let error as UserFacingError {
            finish(failing: error.description)
        } catch let error as StoreError {
            finish(failing: error.description)
        } catch {
            // Help, version, completion scripts and usage errors: the text
            // ArgumentParser would print, through the one writer.
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            let writer = code == .success ? OutputWriter.standardOutput : OutputWriter.standardError
            if !message.isEmpty { writer.write(message.hasSuffix("\n") ? message : message + "\n") }
            OutputWriter.standardOutput.flush()
            Glibc.exit(code.rawValue)
        }
        OutputWriter.standardOutput.flush()
        Glibc.exit(0)
    }

    /// What was printed, then `snapread: message` on stderr, then status 1.
    static func finish(failing message: String) -> Never {
        OutputWriter.standardOutput.flush()
        printError(message)
        Glibc.exit(1)
    }

    /// The commands a person may type (not the hidden `_watch`).
    static var visibleCommandNames: [String] {
        configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName } + ["help"]
    }
}

/// The nearest command to a mistyped one (`snapread lsit` → list), which
/// would otherwise be taken for a folder to read.
enum CommandSuggestion {
    /// The error to give for `arguments`, or nil when they are fine: the
    /// first word is a command, an option, or a path that exists (a folder
    /// named like a command still opens). A bare word that is neither is a
    /// mistyped command (the nearest is suggested) or a folder that is not
    /// there, and the error says both.
    static func forUnknownCommand(_ arguments: [String], commands: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !word.contains("/"), !commands.contains(word),
              !FileManager.default.fileExists(atPath: word) else { return nil }
        let ranked = commands.map { ($0, distance(word.lowercased(), $0)) }.sorted { $0.1 < $1.1 }
        guard let (nearest, edits) = ranked.first, edits <= (nearest.count <= 4 ? 1 : 2) else {
            return "\(word): no such folder or command (snapread --help lists the commands)"
        }
        return "\(word): no such command or folder; did you mean \(nearest)? (snapread --help lists the commands)"
    }

    /// Edits from `a` to `b`: insertions, deletions, substitutions and swaps
    /// of two neighbours (so `lsit` is one edit from `list`).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
