import CorpusGenerator
import Foundation
import Testing

/// The real binary on files that are not what they seem: a FIFO, a file that
/// cannot be read and then can, a 60 MB "snapshot". Every command runs with a
/// deadline, so one that blocks fails the test instead of hanging the run.
@Suite(.serialized) struct OddFileEndToEndTests {
    /// A small generated corpus with private cache and data folders.
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-odd-" + UUID().uuidString
        var corpus: String { root + "/corpus" }

        init(count: Int = 5) throws {
            try CorpusWriter.write(CorpusGenerator(count: count, seed: 11), to: corpus)
        }

        deinit {
            chmod(corpus + "/locked.txt", 0o644)
            try? FileManager.default.removeItem(atPath: root)
        }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config", "HOME": root]
        }

        /// Runs `snapread ARGUMENTS`, killed after `seconds`. As root, without
        /// the capabilities that let root read any file, so that a file's
        /// permissions mean what they mean for everyone else.
        func run(_ arguments: [String], seconds: Double = 30, environment extra: [String: String] = [:],
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult? {
            let command = getuid() == 0
                ? ["/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search", CommandRunner.binary] + arguments
                : [CommandRunner.binary] + arguments
            return try TimedCommand.run(command, environment: environment.merging(extra) { $1 }, seconds: seconds,
                                        sourceLocation: sourceLocation)
        }
    }

    @Test func aFIFOIsNamedByIndexAndRefusedAtOnceByShowAndBookmark() throws {
        let workspace = try Workspace()
        #expect(mkfifo(workspace.corpus + "/pipe.txt", 0o644) == 0)
        let index = try #require(try workspace.run(["index", workspace.corpus]))
        #expect(index.status == 0)
        #expect(index.stderr.contains("snapread: pipe.txt: not a regular file (a FIFO)\n"), "stderr: \(index.stderr)")
        #expect(index.stderr.contains("indexed 5, unchanged 0, removed 0, skipped 1 (1 not a regular file)"), "stderr: \(index.stderr)")

        let started = Date()
        let show = try #require(try workspace.run(["show", workspace.corpus + "/pipe.txt"], seconds: 10))
        #expect(show.status != 0)
        #expect(show.stderr == "snapread: \(workspace.corpus)/pipe.txt: not a regular file (a FIFO)\n")
        let bookmark = try #require(try workspace.run(["bookmark", "add", workspace.corpus, "pipe.txt"], seconds: 10))
        #expect(bookmark.status != 0)
        #expect(bookmark.stderr == "snapread: pipe.txt: not a regular file (a FIFO)\n")
        #expect(Date().timeIntervalSince(started) < 10, "both answered at once")

        // A later command on the corpus is not stuck behind a lock.
        let list = try #require(try workspace.run(["list", workspace.corpus, "--json"]))
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5)

        // The reader's `!` list names it with its reason.
        let tmux = try TmuxSession(width: 100, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "1 skipped (!)")
        try tmux.send("!")
        let screen = try tmux.waitFor(text: "not a regular file (a FIFO)")
        #expect(screen.contains("   pipe.txt"))
        try tmux.send("Escape", "q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test(arguments: ["1", "0"])
    func anUnreadableFileIsIndexedOnceItCanBeRead(watch: String) throws {
        let workspace = try Workspace()
        let locked = workspace.corpus + "/locked.txt"
        let source = try #require(FileManager.default.contents(atPath: CommandRunner.sample), "the real sample is missing at \(CommandRunner.sample)")
        try source.write(to: URL(fileURLWithPath: locked))
        #expect(chmod(locked, 0o000) == 0)
        let environment = ["SNAPREAD_WATCH": watch]
        let first = try #require(try workspace.run(["index", workspace.corpus], environment: environment))
        #expect(first.status == 0)
        #expect(first.stderr.contains("snapread: locked.txt: cannot be read: Permission denied\n"), "stderr: \(first.stderr)")
        #expect(first.stderr.contains("indexed 5, unchanged 0, removed 0, skipped 1 (1 unreadable)"), "stderr: \(first.stderr)")
        // Nothing changed: still unreadable, still counted, nothing re-indexed.
        let second = try #require(try workspace.run(["index", workspace.corpus], environment: environment))
        #expect(second.stderr.contains("indexed 0, unchanged 5, removed 0, skipped 1 (1 unreadable)"), "stderr: \(second.stderr)")
        // chmod changes neither the size nor the modification time.
        #expect(chmod(locked, 0o644) == 0)
        let third = try #require(try workspace.run(["index", workspace.corpus], environment: environment))
        #expect(third.stderr.contains("indexed 1, unchanged 5, removed 0, skipped 0"), "stderr: \(third.stderr)")
        let list = try #require(try workspace.run(["list", workspace.corpus], environment: environment))
        #expect(list.stdout.contains("locked.txt"))
    }

    @Test func aSixtyMegabyteFileCostsWhatItsFirstMegabyteCosts() throws {
        let workspace = try Workspace()
        // A real snapshot's head, then 60 MB of paragraphs: what a broken
        // crawler could write.
        let sample = try #require(FileManager.default.contents(atPath: CommandRunner.sample), "the real sample is missing at \(CommandRunner.sample)")
        let text = String(decoding: sample, as: UTF8.self)
        let head = try #require(text.range(of: "以上内容为资讯信息快照")).lowerBound
        var big = Data(text[..<head].utf8)
        let paragraph = Data(String(repeating: "这是一段重复的正文,用来把文件撑到六十兆。", count: 20).utf8 + [0x0A, 0x0A])
        while big.count < 60 * 1_048_576 { big.append(paragraph) }
        try big.write(to: URL(fileURLWithPath: workspace.corpus + "/big.txt"))

        // GNU time prints the peak resident size on the last line of stderr.
        let index = try #require(try TimedCommand.run(["/usr/bin/time", "-f", "peak %M KB", CommandRunner.binary, "index", workspace.corpus],
                                                      environment: workspace.environment, seconds: 60))
        #expect(index.status == 0)
        #expect(index.stderr.contains("indexed 6, unchanged 0, removed 0, skipped 0"), "stderr: \(index.stderr)")
        let peak = try #require(index.stderr.split(separator: "\n").last.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(peak < 150_000, "index of a 60 MB file peaked at \(peak) KB")

        let started = Date()
        let show = try #require(try workspace.run(["show", workspace.corpus + "/big.txt", "--json"]))
        let seconds = Date().timeIntervalSince(started)
        #expect(show.status == 0)
        #expect(seconds < 3, "show took \(seconds) s")
        #expect(show.stdout.contains("\"cut at 1 MB (the file is 60 MB)\""))
        #expect(show.stdout.contains("\"title\": \"聚焦“实敢当”工作亮点多|凝聚基层治理合力,助力创建文明城市\""))

        // The reader shows it (its warning in the article's footer) soon after the key.
        let tmux = try TmuxSession(width: 120, height: 40, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "6 articles")
        try tmux.send("/")
        try tmux.type("重复的正文")
        try tmux.send("Enter")
        try tmux.waitFor(text: "1/1")
        try tmux.send("Enter", "G")
        // Generous: a debug build on a loaded machine; BENCHMARKS.md has the release timing.
        try tmux.waitFor(text: "cut at 1 MB", timeout: 30)
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }
}

/// A command run with a deadline: killed, and the test failed, when it
/// outlives it. Output goes through files, so a full pipe cannot stall it.
enum TimedCommand {
    static func run(_ command: [String], environment: [String: String], seconds: Double,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult? {
        let folder = NSTemporaryDirectory() + "snapread-cmd-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["SNAPREAD_WATCH_IDLE"] = "20"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/err"))
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("\(command.joined(separator: " ")) was still running after \(seconds) s: it blocked", sourceLocation: sourceLocation)
            return nil
        }
        process.waitUntilExit()
        let out = FileManager.default.contents(atPath: folder + "/out") ?? Data()
        let err = FileManager.default.contents(atPath: folder + "/err") ?? Data()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: err, as: UTF8.self))
    }
}
