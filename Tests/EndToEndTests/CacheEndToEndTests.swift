import CorpusGenerator
import Foundation
import Synchronization
import Testing

/// The index as a cache, through the real binary: damage costs time and one
/// line on stderr; several processes at once on a fresh cache all succeed;
/// an open reader sees what another process indexed.
@Suite(.serialized) struct CacheEndToEndTests {
    /// Its properties are constants: shared by the threads of one test.
    final class Workspace: Sendable {
        let root = NSTemporaryDirectory() + "snapread-cache-e2e-" + UUID().uuidString
        var corpus: String { root + "/corpus" }

        init(count: Int = 30) throws {
            try CorpusWriter.write(CorpusGenerator(count: count, seed: 41, outsidePercent: 20), to: corpus)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
             "HOME": root, "SNAPREAD_WATCH": "0"]
        }

        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment)
        }

        /// The files of the one index folder in the cache.
        func cacheFile(_ suffix: String) throws -> String {
            let folder = root + "/cache/snapread"
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
            return folder + "/" + name + "/index.sqlite" + suffix
        }
    }

    @Test func aDamagedCacheIsRebuiltWithOneLineAndTheSameAnswers() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        let commands = [["search", workspace.corpus, "社区", "--json"], ["list", workspace.corpus, "--json"],
                        ["search", workspace.corpus, "。", "--limit", "5"]]
        let expected = try commands.map { try workspace.run($0).stdout }
        #expect(expected.allSatisfy { $0.count > 100 })
        for (suffix, damage) in [(".chars", "flip"), (".text", "zero"), ("", "noise"), (".state", "cut")] {
            let path = try workspace.cacheFile(suffix)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            switch damage {
            case "flip": bytes[bytes.count / 3] ^= 0x04
            case "zero": bytes = [UInt8](repeating: 0, count: bytes.count)
            case "noise": bytes = (0..<bytes.count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            default: bytes = Array(bytes.prefix(bytes.count / 2))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for (position, command) in commands.enumerated() {
                let result = try workspace.run(command)
                #expect(result.status == 0, "\(suffix) \(command): \(result.stderr)")
                #expect(result.stdout == expected[position], "\(suffix) \(damage): \(command) answered differently")
                let lines = result.stderr.split(separator: "\n")
                if position == 0 {
                    // The first command after the damage rebuilds, saying so once.
                    #expect(lines.count == 1 && lines[0].contains("index.sqlite") && lines[0].contains("damaged"),
                            "\(suffix) \(damage): \(result.stderr)")
                } else {
                    #expect(lines.isEmpty, "\(suffix) \(damage) \(command): \(result.stderr)")
                }
            }
        }
    }

    /// A cache file that is no file: the link table a FIFO (whose open would
    /// wait for a writer), the character index a directory, the database's
    /// log a symbolic link loop. Each command answers as before, within a
    /// minute, saying once that it rebuilt.
    @Test func aCacheFileThatIsNoFileIsRebuiltByEveryCommand() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        let file = try #require(try workspace.run(["list", workspace.corpus, "--json"]).stdout
            .split(separator: "\"").drop { $0 != "file" }.dropFirst(2).first.map(String.init))
        let commands = [["thread", workspace.corpus, file, "--json"], ["related", workspace.corpus, file, "--json"],
                        ["copies", workspace.corpus, file, "--json"], ["timeline", workspace.corpus, "社区", "--json"],
                        ["search", workspace.corpus, "社区", "--json"], ["list", workspace.corpus, "--json"]]
        let expected = try commands.map { try workspace.run($0).stdout }
        #expect(expected[0].contains("\"depth\" : 1") || expected[0].contains("\"depth\": 1"), "\(expected[0])")
        for (suffix, kind) in [(".links", "fifo"), (".chars", "directory"), ("-wal", "loop"), ("", "directory")] {
            for (position, command) in commands.enumerated() {
                let path = try workspace.cacheFile(suffix)
                unlink(path)
                switch kind {
                case "fifo": #expect(mkfifo(path, 0o644) == 0)
                case "loop": #expect(symlink(path, path) == 0)
                default: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                }
                let result = try Self.runWithin(60, workspace: workspace, command)
                #expect(result?.status == 0, "\(suffix) as \(kind): \(command) \(result?.stderr ?? "still running after a minute")")
                #expect(result?.stdout == expected[position], "\(suffix) as \(kind): \(command) answered differently")
                let lines = result?.stderr.split(separator: "\n") ?? []
                #expect(lines.count == 1 && lines.allSatisfy { $0.contains("index.sqlite" + suffix) && $0.contains("damaged") },
                        "\(suffix) as \(kind) \(command): \(result?.stderr ?? "")")
            }
        }
    }

    /// The command's result, or nil when it ran longer than `seconds`
    /// (coreutils' `timeout` kills it then, and says so with status 137).
    static func runWithin(_ seconds: Int, workspace: Workspace, _ arguments: [String]) throws -> CommandResult? {
        let environment = (workspace.environment.merging(["LANG": "C.UTF-8"]) { $1 }).map { "\($0.key)=\($0.value)" }
        let result = try CommandRunner.runProgram("/usr/bin/timeout", ["-s", "KILL", "\(seconds)", "/usr/bin/env"] + environment
            + [CommandRunner.binary] + arguments)
        return result.status == 137 ? nil : result
    }

    /// Four commands at once on a fresh cache and data folder.
    @Test func fourCommandsAtOnceOnAFreshCacheAllSucceed() throws {
        for round in 0..<3 {
            let workspace = try Workspace(count: 20)
            let commands = [["index", workspace.corpus], ["list", workspace.corpus, "--json"],
                            ["search", workspace.corpus, "。", "--json"], ["categories", workspace.corpus, "--json"]]
            let results = Mutex<[Int: CommandResult]>([:])
            DispatchQueue.concurrentPerform(iterations: commands.count) { position in
                let result = (try? workspace.run(commands[position])) ?? CommandResult(status: -1, stdout: "", stderr: "did not run")
                results.withLock { $0[position] = result }
            }
            let all = results.withLock { $0 }
            for (position, command) in commands.enumerated() {
                let result = try #require(all[position])
                #expect(result.status == 0, "round \(round) \(command[0]): \(result.stderr)")
                #expect(!result.stderr.contains("locked") && !result.stderr.contains("already exists"), "\(result.stderr)")
            }
            // Each answered from the whole index.
            #expect(all[1]?.stdout == (try workspace.run(commands[1])).stdout)
            #expect(all[2]?.stdout == (try workspace.run(commands[2])).stdout)
        }
    }

    /// The reader shows what another process indexed, without a restart.
    @Test func anOpenReaderSeesWhatAnotherProcessIndexed() throws {
        let workspace = try Workspace(count: 10)
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        let tmux = try TmuxSession(width: 120, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "10 articles")
        // Moved in whole, then indexed at once by another process (the
        // reader's own indexer looks only every few seconds).
        try CorpusWriter.write(CorpusGenerator(count: 50, seed: 42), to: workspace.root + "/more")
        try FileManager.default.moveItem(atPath: workspace.root + "/more", toPath: workspace.corpus + "/more")
        let indexed = try workspace.run(["index", workspace.corpus])
        #expect(indexed.status == 0, "\(indexed.stderr)")
        try tmux.waitFor(text: "60 articles", timeout: 10)
    }
}
