import CorpusGenerator
import Foundation
import Testing

/// config.toml and theme files that are not small regular files: a FIFO, a
/// link to a device, a 50 MB file. Each is one line naming the file and the
/// reason, and snapread goes on with the defaults, without waiting.
@Suite struct UserFileEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-userfile-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var config: String { root + "/config" }
        var configFile: String { config + "/config.toml" }
        var environment: [String: String] {
            ["HOME": root, "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": config]
        }

        init() throws {
            try FileManager.default.createDirectory(atPath: config + "/themes", withIntermediateDirectories: true)
            try CorpusWriter.write(CorpusGenerator(count: 5, seed: 31), to: corpus)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    enum Oddity: String, CaseIterable, Sendable {
        case fifo, linkToDevZero, fiftyMegabytes

        func make(at path: String) throws {
            switch self {
            case .fifo: #expect(mkfifo(path, 0o600) == 0)
            case .linkToDevZero: #expect(symlink("/dev/zero", path) == 0)
            case .fiftyMegabytes:
                #expect(FileManager.default.createFile(atPath: path, contents: Data("[keys]\n".utf8)))
                #expect(truncate(path, 50 * 1_048_576) == 0)
            }
        }

        var reason: String {
            switch self {
            case .fifo: return "not a regular file (a FIFO)"
            case .linkToDevZero: return "not a regular file (a character device)"
            case .fiftyMegabytes: return "too large (50.0 MB; the limit is 1.0 MB)"
            }
        }
    }

    @Test(arguments: Oddity.allCases)
    func anOddConfigFileIsNamedWithItsReasonAndTheDefaultsAreUsed(oddity: Oddity) throws {
        let workspace = try Workspace()
        try oddity.make(at: workspace.configFile)
        let result = try #require(try Self.run(["config"], environment: workspace.environment, seconds: 10),
                                  "snapread config did not finish within 10 s: it waited on config.toml")
        let line = "\(workspace.configFile):1: \(oddity.reason); defaults used"
        #expect(result.stderr.contains(line), "stderr: \(result.stderr)")
        #expect(result.stdout.contains("# problem (line left out): \(line)"))
        #expect(result.stdout.contains("ambiguous_width = 1"), "the defaults are printed")
        #expect(result.status == 1, "a config problem is a failed `config`, as a bad line is")
    }

    @Test(arguments: Oddity.allCases)
    func anOddThemeFileIsLeftOutAndTheOtherThemesStay(oddity: Oddity) throws {
        let workspace = try Workspace()
        let theme = workspace.config + "/themes/odd.toml"
        try oddity.make(at: theme)
        let result = try #require(try Self.run(["config"], environment: workspace.environment, seconds: 10),
                                  "snapread config did not finish within 10 s: it waited on a theme file")
        #expect(result.stdout.contains("# problem (line left out): \(theme):1: \(oddity.reason); theme left out"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("# themes: dark, light, high-contrast, monochrome"))
    }

    @Test func theReaderStartsPastAFIFONamedConfigToml() throws {
        let workspace = try Workspace()
        #expect(mkfifo(workspace.configFile, 0o600) == 0)
        let tmux = try TmuxSession(width: 100, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor(text: "5 articles", timeout: 20)
        // The problem's box first, then q quits.
        try tmux.waitFor(text: "defaults used")
        try tmux.send("q")
        try tmux.waitFor("the problem's box closed") { !$0.contains("Problem") }
        try tmux.send("q")
        let screen = try tmux.waitFor(text: "EXITED 0")
        // On the restored terminal, the whole line (the pane may wrap it).
        let joined = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(joined.contains("config.toml:1: not a regular file (a FIFO); defaults used"), "screen:\n\(screen)")
    }

    @Test func savingAnArticleOntoAFIFOIsRefusedAndTheReaderGoesOn() throws {
        let workspace = try Workspace()
        #expect(mkfifo(workspace.root + "/out.md", 0o600) == 0)
        let tmux = try TmuxSession(width: 200, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.saveFirstArticle(as: workspace.root + "/out.md")
        try tmux.waitFor(text: "/out.md: not a regular file (a FIFO)", timeout: 10)
        // Still answering keys: the help opens.
        try tmux.send("?")
        try tmux.waitFor(text: "Keys (generated from the keymap")
        try tmux.send("Escape", "q")
        try tmux.waitFor(text: "EXITED 0")
        try tmux.send("q")
    }

    @Test func savingAnArticleWritesTheFileAndReplacesAnOldOne() throws {
        let workspace = try Workspace()
        let target = workspace.root + "/saved.txt"
        #expect(FileManager.default.createFile(atPath: target, contents: Data(repeating: 0x41, count: 100_000)))
        let tmux = try TmuxSession(width: 200, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.saveFirstArticle(as: target)
        // The file is there: replaced only after y.
        try tmux.waitFor(text: "exists: replace it? (y/n)", timeout: 10)
        try tmux.send("y")
        try tmux.waitFor(text: "/saved.txt.", timeout: 10)
        try tmux.send("q", "q")
        try tmux.waitFor(text: "EXITED 0")
        let saved = try String(contentsOfFile: target, encoding: .utf8)
        let oldContentLeft = saved.contains("AAAA")
        #expect(!oldContentLeft, "the old content is replaced, not written over in part")
        #expect(saved.utf8.count > 20 && saved.utf8.count < 100_000, "the article's text is there (\(saved.utf8.count) bytes)")
    }

    /// Runs the binary; nil (and the process killed) when it has not ended within `seconds`.
    static func run(_ arguments: [String], environment: [String: String], seconds: Double) throws -> CommandResult? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["LANG": "C.UTF-8", "SNAPREAD_WATCH_IDLE": "20"]) { $1 }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("snapread-out-" + UUID().uuidString)
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("snapread-err-" + UUID().uuidString)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        guard ended.wait(timeout: .now() + seconds) == .success else {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
                             stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
    }
}
