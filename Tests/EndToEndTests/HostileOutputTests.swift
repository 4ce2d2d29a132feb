import CorpusGenerator
import Foundation
import Testing

/// Every byte the binary prints, against files written to attack a terminal
/// (ESC, BEL, OSC 52, C1 controls, DEL, a line feed in a file name), a full
/// disk and a pipe closed early.
@Suite(.serialized) struct HostileOutputTests {
    static let title = "标题\u{1B}]0;PWNED\u{07}有\u{1B}[2J转义\u{9B}31m和C1\u{7F}"
    static let body = "正文\u{1B}]52;c;aGVsbG8=\u{07}复制剪贴板,末尾\u{85}。"

    /// A corpus of two hostile snapshots (one under a name with a line feed
    /// and ESC in it) and a file that is not a snapshot, named with OSC.
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-hostile-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        static let plainName = "001_aaaaaaaaaaaaaaaa.txt"
        static let oddName = "bad\nname\u{1B}[31m.txt"
        static let notSnapshot = "notes\u{1B}]0;X\u{07}.md"

        init() throws {
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            try Self.snapshot(body: HostileOutputTests.body, url: "javascript:alert(1)")
                .write(toFile: corpus + "/" + Self.plainName, atomically: true, encoding: .utf8)
            try Self.snapshot(body: "另一篇\u{1B}[5m。", url: "https://example.com/a(1)")
                .write(toFile: corpus + "/" + Self.oddName, atomically: true, encoding: .utf8)
            try "just some notes\n".write(toFile: corpus + "/" + Self.notSnapshot, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        static func snapshot(body: String, url: String) -> String {
            """
            • 我的订阅
              • 国内

            \(HostileOutputTests.title)

            类别:国内\u{1B}[31m 发布时间:2024-03-25 11:52:00 来源:来源\u{07}源

            \(body)

            以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站未对信息做任何修改,信息内容不代表本站立场。

            快照生成时间:2024-03-25 13:00:00

            本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。

            信息原文地址:\(url)

            """
        }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
             "SNAPREAD_WATCH": "0"]
        }

        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment)
        }
    }

    /// The control characters in `text` that a terminal would obey: all C0
    /// but line feed (and tab where `tab`), DEL, C1.
    static func controls(in text: String, allowingTab tab: Bool = false) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { value in
            (value < 0x20 && value != 0x0A && !(tab && value == 0x09)) || (0x7F..<0xA0).contains(value)
        }
    }

    @Test func textOutputsShowControlsAsStandIns() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        let index = try workspace.run(["index", corpus])
        #expect(index.status == 0)
        #expect(Self.controls(in: index.stderr).isEmpty, "index: \(index.stderr.debugDescription)")
        // One line for the file that is not a snapshot, one for the summary.
        #expect(index.stderr.split(separator: "\n").count == 2, "\(index.stderr.debugDescription)")
        #expect(index.stderr.contains("notes^[]0;X^G.md: not a snapshot"), "\(index.stderr.debugDescription)")

        let add = try workspace.run(["bookmark", "add", corpus, Workspace.plainName])
        #expect(add.status == 0, "\(add.stderr)")
        let commands: [[String]] = [
            ["list", corpus], ["search", corpus, "正文"], ["search", corpus, "标题"], ["show", corpus + "/" + Workspace.plainName],
            ["related", corpus, Workspace.plainName], ["backlinks", corpus, Workspace.plainName], ["categories", corpus],
            ["bookmarks"], ["bookmarks", corpus], ["bookmarks", "--markdown"], ["bookmark", "add", corpus, Workspace.plainName],
        ]
        for command in commands {
            let result = try workspace.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(Self.controls(in: result.stdout, allowingTab: command[0] == "categories").isEmpty,
                    "\(command) printed \(result.stdout.debugDescription)")
            #expect(Self.controls(in: result.stderr).isEmpty, "\(command) printed \(result.stderr.debugDescription) on stderr")
        }
        let list = try workspace.run(["list", corpus])
        let rows = list.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 2, "a line feed in a file name split a row: \(list.stdout.debugDescription)")
        #expect(list.stdout.contains("标题^[]0;PWNED^G有^[[2J转义<U+009B>31m和C1^?"))
        #expect(list.stdout.contains("bad^Jname^[[31m.txt"))
        let search = try workspace.run(["search", corpus, "正文"])
        #expect(search.stdout.contains("正文^[]52;c;aGVsbG8=^G复制剪贴板"), "\(search.stdout.debugDescription)")
        let show = try workspace.run(["show", corpus + "/" + Workspace.plainName])
        #expect(show.stdout.contains("末尾<U+0085>。"), "\(show.stdout.debugDescription)")
        // A file name on stderr stays one line.
        let missing = try workspace.run(["show", corpus + "/gone\n\u{1B}[2J.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1 && Self.controls(in: missing.stderr).isEmpty,
                "\(missing.stderr.debugDescription)")
    }

    @Test func jsonKeepsEveryCharacterEscaped() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        _ = try workspace.run(["bookmark", "add", corpus, Workspace.plainName])
        for command in [["list", corpus, "--json"], ["search", corpus, "正文", "--json"], ["bookmarks", "--json"]] {
            let result = try workspace.run(command)
            // Not one raw control byte, C1 and DEL included, even though
            // JSON would allow those two raw.
            #expect(Self.controls(in: result.stdout).isEmpty, "\(command): \(result.stdout.debugDescription)")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(command)")
            #expect(!items.isEmpty)
            for item in items { #expect(item["title"] as? String == Self.title, "\(command)") }
            if command[0] == "list" {
                #expect(Set(items.compactMap { $0["file"] as? String }) == [Workspace.plainName, Workspace.oddName])
            }
            if command[0] == "search" {
                #expect((items.first?["snippet"] as? String)?.contains(Self.body.dropLast(8)) == true, "\(items)")
            }
        }
        let show = try workspace.run(["show", corpus + "/" + Workspace.plainName, "--json"])
        let article = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(article["title"] as? String == Self.title)
        #expect(article["source"] as? String == "来源\u{07}源")
        let body = try #require(article["body"] as? [[String: Any]])
        #expect(body.first?["text"] as? String == Self.body)
        #expect(show.stdout.contains("\\u009b") && show.stdout.contains("\\u007f") && show.stdout.contains("\\u001b"))
    }

    @Test func markdownLinksToTheWebAddressNewestFirst() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        // An older ordinary snapshot with a web address, and the hostile one
        // whose javascript: address must not become a link.
        let older = Workspace.snapshot(body: "旧文。", url: "https://news.example.cn/old.html")
            .replacingOccurrences(of: "2024-03-25 11:52:00", with: "2023-01-02 08:00:00")
            .replacingOccurrences(of: HostileOutputTests.title, with: "旧的标题<img src=x onerror=alert(4)>&")
        try older.write(toFile: corpus + "/000_bbbbbbbbbbbbbbbb.txt", atomically: true, encoding: .utf8)
        for name in ["000_bbbbbbbbbbbbbbbb.txt", Workspace.plainName, Workspace.oddName] {
            let add = try workspace.run(["bookmark", "add", corpus, name])
            #expect(add.status == 0, "\(add.stderr)")
        }
        let markdown = try workspace.run(["bookmarks", "--markdown"]).stdout
        let items = markdown.split(separator: "\n").filter { $0.hasPrefix("- [") }
        #expect(items.count == 3, "\(markdown)")
        // HTML in a title is text in the list: `<` and `&` as entities.
        #expect(items.last?.contains("[旧的标题&lt;img src=x onerror=alert(4)>&amp;](https://news.example.cn/old.html)") == true,
                "oldest last: \(markdown)")
        #expect(!markdown.contains("javascript:"), "\(markdown)")
        #expect(markdown.contains("(https://example.com/a%281%29)"), "parentheses in an address: \(markdown)")
        #expect(markdown.contains(StoreLocationsForTests.canonical(corpus) + "/" + Workspace.plainName + ")"), "\(markdown)")
    }

    @Test func aFullDiskIsAnErrorForEveryCommand() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        _ = try workspace.run(["index", corpus])
        _ = try workspace.run(["bookmark", "add", corpus, Workspace.plainName])
        let commands: [[String]] = [
            ["list", corpus], ["list", corpus, "--json"], ["search", corpus, "正文"], ["search", corpus, "正文", "--json"],
            ["search", corpus, "正文", "--limit", "1"], ["show", corpus + "/" + Workspace.plainName],
            // (`related` in text prints nothing here: these files have no related items.)
            ["show", corpus + "/" + Workspace.plainName, "--json"],
            ["related", corpus, Workspace.plainName, "--json"], ["backlinks", corpus, Workspace.plainName, "--json"],
            ["categories", corpus], ["categories", corpus, "--json"], ["bookmarks"], ["bookmarks", "--json"],
            ["bookmarks", "--markdown"], ["config"], ["--help"], ["list", "--help"], ["bookmark", "remove", corpus, Workspace.plainName],
        ]
        for command in commands {
            let result = try Self.runIntoFullDisk(command, environment: workspace.environment)
            #expect(result.status == 1, "\(command) exited \(result.status) into /dev/full")
            #expect(result.stderr == "snapread: cannot write to standard output: No space left on device\n",
                    "\(command): \(result.stderr.debugDescription)")
        }
    }

    /// `index` prints only its summary, on stderr: when that cannot be
    /// written, the command fails instead of exiting 0 with nothing said.
    @Test func indexWhoseSummaryCannotBeWrittenFails() throws {
        let workspace = try Workspace()
        let line = ([CommandRunner.binary, "index", workspace.corpus]).map(TmuxSession.quote).joined(separator: " ")
        let full = try Self.runShell("\(line) 2>/dev/full", environment: workspace.environment)
        #expect(full.status == 1)
        let fine = try workspace.run(["index", workspace.corpus])
        #expect(fine.status == 0 && fine.stderr.contains("unchanged 2"), "\(fine.stderr)")
    }

    @Test func aPipeClosedEarlyEndsQuietly() throws {
        let workspace = try Workspace()
        // Enough rows that the output is far larger than a pipe's buffer.
        try CorpusWriter.write(CorpusGenerator(count: 400, seed: 5, outsidePercent: 20), to: workspace.corpus + "/generated")
        let corpus = workspace.corpus
        _ = try workspace.run(["index", corpus])
        for command in [["list", corpus], ["list", corpus, "--json"], ["search", corpus, "的"], ["search", corpus, "的", "--json"],
                        ["search", corpus, "的", "--limit", "300", "--json"]] {
            let line = ([CommandRunner.binary] + command).map(TmuxSession.quote).joined(separator: " ")
            let result = try Self.runShell("set -o pipefail; \(line) | head -c 10 >/dev/null", environment: workspace.environment)
            #expect(result.status == 0, "\(command) | head: status \(result.status), \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(command) | head: \(result.stderr)")
        }
    }

    /// Runs a bash script; its status and what it printed on stderr.
    static func runShell(_ script: String, environment: [String: String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["LANG": "C.UTF-8"]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }

    /// Runs the binary with standard output on /dev/full.
    static func runIntoFullDisk(_ arguments: [String], environment: [String: String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["LANG": "C.UTF-8"]) { $1 }
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        process.standardOutput = full
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }
}

/// The corpus path as snapread stores it (symbolic links resolved: /tmp may be one).
enum StoreLocationsForTests {
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
