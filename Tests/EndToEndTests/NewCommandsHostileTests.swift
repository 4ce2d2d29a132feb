import Foundation
import Testing

/// `copies`, `diff`, `show --script`, `timeline`, `thread` and `--distinct`
/// against files a stranger wrote: controls in titles and bodies, a file
/// name with a line feed, a FIFO, a device, a full disk, a closed pipe, and
/// two 1 MB paragraphs to compare.
@Suite struct NewCommandsHostileTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-newhostile-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root]
        }
        static let title = "聚焦“实敢当”工作亮点多|凝聚基层治理合力,助力创建文明城市"
        static let oddName = "odd\n\u{1B}]0;T\u{07}.txt"

        init() throws {
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            let sample = try String(contentsOfFile: CommandRunner.sample, encoding: .utf8)
            try write("a.txt", sample)
            let hostile = sample
                .replacingOccurrences(of: Self.title, with: Self.title + "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m红")
                .replacingOccurrences(of: "文明城市创建是一项民生工程", with: "文明城市创建是一项\u{1B}[31m民生\u{07}工程\u{85}")
            try write("esc.txt", hostile)
            try write("esc2.txt", hostile.replacingOccurrences(of: "居民邵林华说", with: "居民\u{1B}[5m邵林华\u{1B}[0m笑着说"))
            try write(Self.oddName, sample.replacingOccurrences(of: "居民邵林华说", with: "居民邵林华\u{1B}]52;c;ZXZpbA==\u{07}说"))
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: corpus + "/" + name))
        }

        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment)
        }

        var commands: [[String]] {
            [["copies", corpus, "a.txt"], ["copies", corpus, "esc.txt"], ["diff", corpus, "esc.txt", "esc2.txt"],
             ["diff", corpus, "a.txt", Self.oddName], ["show", corpus + "/esc.txt", "--script", "traditional"],
             ["show", corpus + "/esc.txt", "--script", "simplified"], ["timeline", corpus], ["timeline", corpus, "民生", "--by", "day"],
             ["thread", corpus, "esc.txt"], ["thread", corpus, Self.oddName], ["list", corpus, "--distinct"],
             ["search", corpus, "民生", "--distinct"], ["search", corpus, "邵林華"]]
        }
    }

    @Test func controlsFromFilesReachNoTerminalInTextOrJSON() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        for command in workspace.commands {
            for arguments in [command, command + ["--json"]] {
                let result = try workspace.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                #expect(!result.stdout.isEmpty, "\(arguments) printed nothing")
                #expect(HostileOutputTests.controls(in: result.stdout).isEmpty, "\(arguments) let a control through")
                #expect(HostileOutputTests.controls(in: result.stderr).isEmpty, "\(arguments) let a control through on stderr")
            }
        }
        // The stand-ins are where the controls were, one line per article.
        let diff = try workspace.run(["diff", workspace.corpus, "esc.txt", "esc2.txt"]).stdout
        #expect(diff.contains("居民{+^[[5m+}邵林华{+^[[0m笑着+}说"), "\(diff)")
        let thread = try workspace.run(["thread", workspace.corpus, Workspace.oddName]).stdout
        #expect(thread.contains("odd^J^[]0;T^G.txt"), "\(thread)")
        let traditional = try workspace.run(["show", workspace.corpus + "/esc.txt", "--script", "traditional", "--json"]).stdout
        #expect(traditional.contains(#"\u001b]0;PWNED\u0007\u001b[2J\u009b31m紅"#), "JSON keeps every character, escaped, converted")
    }

    @Test func aFileAgainstItselfAndFilesThatAreNotSnapshotsOfTheCorpus() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        let same = try workspace.run(["diff", workspace.corpus, "esc.txt", "esc.txt"])
        #expect(same.status == 0)
        #expect(same.stdout.hasSuffix("no differences in title or text\n"), "\(same.stdout)")
        let fifo = workspace.root + "/pipe.txt"
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [([String], String)] = [
            // diff, copies and thread refuse a file that is not an article of the corpus alike, unopened.
            (["diff", workspace.corpus, "a.txt", fifo], "\(fifo): not in the index of this corpus"),
            (["diff", workspace.corpus, "/dev/zero", "a.txt"], "/dev/zero: not in the index of this corpus"),
            (["show", fifo, "--script", "traditional"], "not a regular file (a FIFO)"),
            (["copies", workspace.corpus, fifo], "\(fifo): not in the index of this corpus"),
            (["thread", workspace.corpus, "/dev/zero"], "not in the index of this corpus"),
            (["diff", workspace.corpus, "a.txt", "/etc/hostname"], "/etc/hostname: not in the index of this corpus"),
            (["copies", workspace.corpus, "gone\n\u{1B}[2J.txt"], "gone^J^[[2J.txt"),
        ]
        for (arguments, reason) in cases {
            let result = try #require(try UserFileEndToEndTests.run(arguments, environment: workspace.environment, seconds: 20),
                                      "\(arguments) did not finish: it waited on a FIFO or read a device")
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("snapread: ") && result.stderr.contains(reason), "\(arguments): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
            #expect(HostileOutputTests.controls(in: result.stderr).isEmpty)
        }
    }

    @Test func aFullDiskAndAClosedPipe() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        for command in workspace.commands {
            for arguments in [command, command + ["--json"]] {
                let full = try HostileOutputTests.runIntoFullDisk(arguments, environment: workspace.environment)
                #expect(full.status == 1, "\(arguments) exited \(full.status) into /dev/full")
                #expect(full.stderr == "snapread: cannot write to standard output: No space left on device\n", "\(arguments): \(full.stderr)")
                let line = ([CommandRunner.binary] + arguments).map(TmuxSession.quote).joined(separator: " ")
                let closed = try HostileOutputTests.runShell("set -o pipefail; \(line) | head -c 1 >/dev/null", environment: workspace.environment)
                #expect(closed.status == 0 && closed.stderr.isEmpty, "\(arguments) | head: \(closed.status) \(closed.stderr)")
            }
        }
    }

    @Test func aDiffOfTwoOneMegabyteParagraphsIsBoundedInTimeAndMemory() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        let sample = try String(contentsOfFile: CommandRunner.sample, encoding: .utf8)
        // 330,000 characters (about 1 MB) with no line break, and the same
        // with every 997th character changed: the character diff's budget
        // is what keeps this bounded.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学")
        var first: [Character] = (0..<330_000).map { _ in alphabet.randomElement(using: &generator) ?? "的" }
        try workspace.write("big1.txt", sample.replacingOccurrences(of: "文明城市创建是一项民生工程", with: String(first)))
        for index in stride(from: 0, to: first.count, by: 997) { first[index] = "变" }
        try workspace.write("big2.txt", sample.replacingOccurrences(of: "文明城市创建是一项民生工程", with: String(first)))
        let start = Date()
        let result = try #require(try UserFileEndToEndTests.run(["diff", workspace.corpus, "big1.txt", "big2.txt", "--json"],
                                                                environment: workspace.environment, seconds: 120))
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"changed\""))
        // A debug build on a loaded machine: about 10 s and 50 MB measured.
        #expect(seconds < 60, "diff of two 1 MB paragraphs took \(seconds) s")
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 600_000, "some child of the tests peaked at \(usage.ru_maxrss) KB")
    }

    @Test func damagedCacheFilesAreReportedThroughTheStandIns() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let workspace = try Workspace()
        // The cache folder's own name carries an escape, as a path a damage line names.
        var environment = workspace.environment
        environment["XDG_CACHE_HOME"] = workspace.root + "/cache\u{1B}[31m"
        #expect(try CommandRunner.run(["index", workspace.corpus], environment: environment).status == 0)
        let folder = workspace.root + "/cache\u{1B}[31m/snapread"
        let index = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        try Data("noise".utf8).write(to: URL(fileURLWithPath: folder + "/" + index + "/index.sqlite.state"))
        let list = try CommandRunner.run(["list", workspace.corpus], environment: environment)
        #expect(list.status == 0)
        #expect(list.stderr.contains("index.sqlite.state"), "the damage is reported: \(list.stderr.debugDescription)")
        #expect(list.stderr.contains("cache^[[31m"), "\(list.stderr.debugDescription)")
        #expect(HostileOutputTests.controls(in: list.stderr).isEmpty, "\(list.stderr.debugDescription)")
    }
}
