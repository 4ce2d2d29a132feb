import Foundation
import Testing

/// The command line's rough edges, through the real binary.
@Suite(.serialized) struct CommandLineEdgeTests {
    static let demo = CommandRunner.packageRoot + "/Demo/corpus"

    final class Folders {
        let root = NSTemporaryDirectory() + "snapread-edges-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
             "SNAPREAD_WATCH": "0", "HOME": root]
        }
    }

    /// Columns as a terminal draws them (CJK and full-width signs 2).
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { sum, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            return sum + (wide ? 2 : 1)
        }
    }

    @Test func aMistypedCommandSuggestsTheNearestOne() throws {
        let folders = try Folders()
        for (typed, meant) in [("lsit", "list"), ("serach", "search"), ("bookmrks", "bookmarks"), ("relatd", "related")] {
            let result = try CommandRunner.run([typed, Self.demo], environment: folders.environment, directory: folders.root)
            #expect(result.status == 1)
            #expect(result.stderr == "snapread: \(typed): no such command or folder; did you mean \(meant)? (snapread --help lists the commands)\n",
                    "\(result.stderr)")
        }
        // A word like no command, and no folder either: both are said.
        let neither = try CommandRunner.run(["frobnicate"], environment: folders.environment, directory: folders.root)
        #expect(neither.status == 1)
        #expect(neither.stderr == "snapread: frobnicate: no such folder or command (snapread --help lists the commands)\n", "\(neither.stderr)")
        // A real folder of that name is still a corpus to read (here: no
        // terminal, so the reader says so instead of suggesting `list`).
        try FileManager.default.createDirectory(atPath: folders.root + "/lsit", withIntermediateDirectories: true)
        let folder = try CommandRunner.run(["lsit"], environment: folders.environment, directory: folders.root)
        #expect(folder.stderr.contains("the reader needs a terminal"), "\(folder.stderr)")
    }

    @Test func badFilterValuesSayWhy() throws {
        let folders = try Folders()
        let reversed = try CommandRunner.run(["list", Self.demo, "--since", "2024-05-01", "--until", "2024-03-01"], environment: folders.environment)
        #expect(reversed.status == 1)
        #expect(reversed.stderr.contains("--since 2024-05-01 is after --until 2024-03-01"), "\(reversed.stderr)")
        let sameDay = try CommandRunner.run(["list", Self.demo, "--since", "2024-03-14", "--until", "2024-03-14"], environment: folders.environment)
        #expect(sameDay.status == 0 && !sameDay.stdout.isEmpty, "\(sameDay.stderr)")
        for command in [["list", Self.demo], ["search", Self.demo, "村"]] {
            let negative = try CommandRunner.run(command + ["--limit", "-3"], environment: folders.environment)
            #expect(negative.status != 0)
            #expect(negative.stderr.contains("--limit must be 0 or more, not -3"), "\(negative.stderr)")
            #expect(!negative.stderr.contains("Missing value"))
        }
    }

    @Test func aBareNameInASubfolderIsSuggested() throws {
        let folders = try Folders()
        let result = try CommandRunner.run(["related", Self.demo, "014_f7e046104dfc7f38.txt"], environment: folders.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("did you mean 体育/014_f7e046104dfc7f38.txt?"), "\(result.stderr)")
    }

    @Test func helpExamplesAlignWithinEightyColumns() throws {
        let help = try CommandRunner.run(["--help"], environment: ["COLUMNS": "80"])
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "Examples:"))
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(examples.count >= 4)
        var descriptionColumns: Set<Int> = []
        for line in examples {
            #expect(Self.columns(line) <= 80, "\(line)")
            // The command, then at least two spaces, then its description.
            let command = try #require(line.dropFirst(2).range(of: "  ")).lowerBound
            let description = try #require(line[command...].firstIndex { $0 != " " })
            descriptionColumns.insert(Self.columns(line[..<description]))
        }
        #expect(descriptionColumns.count == 1, "descriptions start at columns \(descriptionColumns)")
        #expect(examples.contains { $0.contains("related") && $0.hasSuffix("each related story's file") })
    }

    @Test func snippetsAndBookmarksAreCutToTheWidth() throws {
        let folders = try Folders()
        let search = try CommandRunner.run(["search", Self.demo, "村"], environment: folders.environment.merging(["COLUMNS": "50"]) { $1 })
        #expect(search.stdout.split(separator: "\n").count > 4)
        for line in search.stdout.split(separator: "\n") { #expect(Self.columns(line) <= 50, "\(line)") }
        _ = try CommandRunner.run(["bookmark", "add", Self.demo, "体育/014_f7e046104dfc7f38.txt"], environment: folders.environment)
        let bookmarks = try CommandRunner.run(["bookmarks"], environment: folders.environment.merging(["COLUMNS": "50"]) { $1 })
        let lines = bookmarks.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        for line in lines { #expect(Self.columns(line) <= 50 && line.hasSuffix("…"), "\(line)") }
    }

    @Test func anEmptyResultOnATerminalSaysSo() throws {
        let folders = try Folders()
        let tmux = try TmuxSession(width: 100, height: 10, arguments: ["search", Self.demo, "不存在的词"], environment: folders.environment)
        let screen = try tmux.waitFor(text: "EXITED")
        #expect(screen.contains("snapread: no article contains “不存在的词”"), "\(screen)")
        #expect(screen.contains("EXITED 0"))
        // Into a pipe, nothing is added to the empty output.
        let piped = try CommandRunner.run(["search", Self.demo, "不存在的词"], environment: folders.environment)
        #expect(piped.stdout.isEmpty && piped.stderr.isEmpty, "\(piped.stderr)")
    }
}
