import CorpusGenerator
import Foundation
import Testing

/// The corpus watcher as commands start and use it: the real binary, a real
/// background process.
@Suite struct WatcherEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-watch-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config",
             "SNAPREAD_TRACE": "1"]
        }

        init(count: Int) throws {
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            try CorpusWriter.write(CorpusGenerator(count: count, seed: 11, filesPerFolder: 10), to: corpus)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment)
        }
    }

    /// The pids of the watchers of `corpus`, read from /proc.
    static func watchers(of corpus: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.count >= 3 && arguments[1] == "_watch" && arguments[2].hasSuffix(corpus) ? pid : nil
        }
    }

    static func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test func commandsStartOneWatcherTrustItAndStillSeeEveryChange() throws {
        let workspace = try Workspace(count: 30)
        let first = try workspace.run(["index", workspace.corpus])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("indexed 30, unchanged 0"))
        #expect(Self.eventually { Self.watchers(of: workspace.corpus).count == 1 }, "index started a watcher")

        let quiet = try workspace.run(["search", workspace.corpus, "的", "--limit", "1"])
        #expect(quiet.stderr.contains("the watcher saw no change"), "\(quiet.stderr)")
        #expect(Self.watchers(of: workspace.corpus).count == 1, "one watcher per corpus")

        // A file appended to in place, a new folder with a new file: both found.
        let listed = try workspace.run(["list", workspace.corpus, "--json", "--limit", "1"])
        let path = try #require(listed.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))
        let handle = try #require(FileHandle(forWritingAtPath: workspace.corpus + "/" + path))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        handle.closeFile()
        try FileManager.default.createDirectory(atPath: workspace.corpus + "/later", withIntermediateDirectories: true)
        let added = """
            • 我的订阅
              • 国内

            新来的文章讲蜂鸟

            类别:国内\u{00A0}发布时间:2024-05-06 07:08:09\u{00A0}来源:测试报

            蜂鸟在清晨出现。

            """
        try Data(added.utf8).write(to: URL(fileURLWithPath: workspace.corpus + "/later/new.txt"))
        let changed = try workspace.run(["index", workspace.corpus])
        #expect(changed.stderr.contains("indexed 2, unchanged 29"), "\(changed.stderr)")
        let found = try workspace.run(["search", workspace.corpus, "蜂鸟"])
        #expect(found.stdout.contains("later/new.txt"))
        #expect(found.stderr.contains("the watcher saw no change"))

        // The watcher goes with its corpus.
        let pids = Self.watchers(of: workspace.corpus)
        try FileManager.default.removeItem(atPath: workspace.corpus)
        #expect(Self.eventually { pids.allSatisfy { kill($0, 0) != 0 } }, "the watcher exits when its corpus is deleted")
    }

    @Test func aWatcherThatDoesNotAnswerOnlyCostsAFullCheck() throws {
        let workspace = try Workspace(count: 8)
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        #expect(Self.eventually { Self.watchers(of: workspace.corpus).count == 1 })
        let pids = Self.watchers(of: workspace.corpus)
        for pid in pids { kill(pid, SIGSTOP) }
        defer { for pid in pids { kill(pid, SIGCONT) } }
        try Data("not a snapshot\n".utf8).write(to: URL(fileURLWithPath: workspace.corpus + "/note.md"))
        let started = Date()
        let listed = try workspace.run(["list", workspace.corpus])
        #expect(listed.status == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!listed.stderr.contains("the watcher saw no change"))
        #expect(listed.stderr.contains("note.md: not a snapshot"), "the change is found by checking every file: \(listed.stderr)")
    }

    @Test func watchFalseInTheConfigStartsNoWatcher() throws {
        let workspace = try Workspace(count: 5)
        try FileManager.default.createDirectory(atPath: workspace.root + "/config", withIntermediateDirectories: true)
        try Data("watch = false\n".utf8).write(to: URL(fileURLWithPath: workspace.root + "/config/config.toml"))
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        let second = try workspace.run(["list", workspace.corpus])
        #expect(second.status == 0)
        #expect(!second.stderr.contains("the watcher saw no change"))
        #expect(Self.watchers(of: workspace.corpus).isEmpty)
    }
}
