import CorpusGenerator
import CorpusWatch
import Foundation
import Testing

/// The person's data and the corpus watcher when things are not as they
/// should be: a damaged or read-only user.sqlite, several commands at once on
/// a fresh data folder, a corpus whose parent folder was moved, another user
/// holding the watcher's socket name or asking it questions.
///
/// Root can write any file and read any folder, so when the tests run as
/// root the commands that need an ordinary user run as `nobody` (setpriv);
/// as an ordinary user they run as that user, and only the checks that need a
/// second user (another uid squatting or asking) are skipped, with a note.
@Suite struct TrustEndToEndTests {
    static let isRoot = getuid() == 0
    static let nobody: UInt32 = 65534

    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-trust-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var data: String { root + "/data" }
        var userDatabase: String { data + "/user.sqlite" }
        var environment: [String: String] {
            ["HOME": root, "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": data, "SNAPREAD_CONFIG_DIR": root + "/config",
             "SNAPREAD_TRACE": "1"]
        }

        init(count: Int = 6) throws {
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            try CorpusWriter.write(CorpusGenerator(count: count, seed: 23, filesPerFolder: 3), to: corpus)
            chmod(root, 0o755)
        }

        deinit {
            _ = try? CommandRunner.shell("chmod -R u+rwX '\(root)'")
            try? FileManager.default.removeItem(atPath: root)
        }

        func run(_ arguments: [String], extra: [String: String] = [:]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment.merging(extra) { $1 })
        }

        /// Runs the command as an ordinary user: `nobody` when the tests run
        /// as root (the workspace handed to it first), else as ourselves.
        func runAsOrdinaryUser(_ arguments: [String], extra: [String: String] = [:]) throws -> CommandResult {
            guard TrustEndToEndTests.isRoot else { return try run(arguments, extra: extra) }
            let command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env"]
                + environment.merging(extra) { $1 }.map { "\($0)=\($1)" } + [CommandRunner.binary] + arguments
            return try CommandRunner.runProgram("/usr/bin/env", command)
        }

        /// Gives the workspace to the user `runAsOrdinaryUser` runs as.
        func handOver() throws {
            if TrustEndToEndTests.isRoot { _ = try CommandRunner.shell("chown -R nobody:nogroup '\(root)'") }
        }
    }

    /// The lines of stderr that speak of the person's data.
    static func userDataLines(_ result: CommandResult) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.contains("user.sqlite") || $0.contains("/data") }
    }

    static func watchers(of corpus: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.count >= 3 && arguments[1] == "_watch" && arguments[2] == corpus ? pid : nil
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

    // MARK: - The person's data

    @Test func aDamagedUserFileLeavesEveryReadingCommandWorkingAndIsNeverWritten() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.data, withIntermediateDirectories: true)
        let noise = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        try noise.write(to: URL(fileURLWithPath: workspace.userDatabase))

        let listed = try workspace.run(["list", workspace.corpus])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").count == 6)
        let said = Self.userDataLines(listed)
        #expect(said.count == 1, "said once: \(listed.stderr)")
        #expect(said.first?.hasPrefix("snapread: \(workspace.userDatabase): damaged") == true, "\(said)")
        #expect(said.first?.contains("no backup") == true, "\(said)")

        let json = try workspace.run(["list", workspace.corpus, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let word = String(try #require(rows.first?["title"] as? String).prefix(2))
        let searched = try workspace.run(["search", workspace.corpus, word])
        #expect(searched.status == 0, "\(searched.stderr)")
        #expect(searched.stdout.contains(word))

        let file = try #require(listed.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let added = try workspace.run(["bookmark", "add", workspace.corpus, file])
        #expect(added.status != 0)
        let lines = added.stderr.split(separator: "\n").filter { !$0.hasPrefix("[trace]") }
        #expect(lines.count == 1, "one line: \(added.stderr)")
        #expect(lines.first?.hasPrefix("snapread: bookmark not saved: \(workspace.userDatabase): damaged") == true, "\(lines)")
        #expect(FileManager.default.contents(atPath: workspace.userDatabase) == noise, "never overwritten")
        #expect(!FileManager.default.fileExists(atPath: workspace.userDatabase + "-wal"))
    }

    @Test func aReadOnlyUserFileIsShownButNotWritten() throws {
        let workspace = try Workspace()
        let listed = try workspace.run(["list", workspace.corpus])
        let files = listed.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(try workspace.run(["bookmark", "add", workspace.corpus, files[0]]).status == 0)
        try workspace.handOver()
        chmod(workspace.userDatabase, 0o444)
        let before = FileManager.default.contents(atPath: workspace.userDatabase)

        let bookmarked = try workspace.runAsOrdinaryUser(["list", workspace.corpus, "--bookmarked", "--json"])
        #expect(bookmarked.status == 0, "\(bookmarked.stderr)")
        #expect(bookmarked.stdout.contains("\"file\":\"\(files[0])\"") || bookmarked.stdout.contains("\"file\": \"\(files[0])\""),
                "the bookmark is still shown: \(bookmarked.stdout)")
        let said = Self.userDataLines(bookmarked)
        #expect(said.count == 1, "said once: \(bookmarked.stderr)")
        #expect(said.first?.hasPrefix("snapread: \(workspace.userDatabase): read-only; bookmarks and read marks are shown but not saved") == true,
                "\(said)")

        let added = try workspace.runAsOrdinaryUser(["bookmark", "add", workspace.corpus, files[1]])
        #expect(added.status != 0)
        #expect(added.stderr.contains("snapread: bookmark not saved: \(workspace.userDatabase): read-only; make it writable"), "\(added.stderr)")
        let removed = try workspace.runAsOrdinaryUser(["bookmark", "remove", workspace.corpus, files[0]])
        #expect(removed.status != 0)
        #expect(removed.stderr.contains("bookmark removal not saved"), "\(removed.stderr)")
        #expect(FileManager.default.contents(atPath: workspace.userDatabase) == before, "not written")
        let all = try workspace.runAsOrdinaryUser(["bookmarks"])
        #expect(all.status == 0)
        #expect(all.stdout.split(separator: "\n").count == 1, "\(all.stdout)")
    }

    @Test func anUnwritableDataFolderWithoutAFileStillLists() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.data, withIntermediateDirectories: true)
        try workspace.handOver()
        chmod(workspace.data, 0o555)
        let listed = try workspace.runAsOrdinaryUser(["list", workspace.corpus])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").count == 6)
        let said = Self.userDataLines(listed)
        #expect(said.count == 1, "\(listed.stderr)")
        #expect(said.first?.contains("\(workspace.data): not writable, so user.sqlite cannot be created there") == true, "\(said)")
        let file = try #require(listed.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let added = try workspace.runAsOrdinaryUser(["bookmark", "add", workspace.corpus, file])
        #expect(added.status != 0)
        #expect(added.stderr.contains("bookmark not saved: \(workspace.data): not writable"), "\(added.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.userDatabase))
    }

    @Test func fourCommandsAtOnceOnAFreshDataFolderAllWork() throws {
        let workspace = try Workspace()
        // The index is built first, so that only the person's data is fresh.
        #expect(try workspace.run(["index", workspace.corpus], extra: ["SNAPREAD_DATA_DIR": workspace.root + "/other"]).status == 0)
        let listed = try workspace.run(["list", workspace.corpus], extra: ["SNAPREAD_DATA_DIR": workspace.root + "/other"])
        let file = try #require(listed.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        for round in 0..<3 {
            let data = workspace.root + "/fresh-\(round)"
            let commands = [["list", workspace.corpus, "--json"], ["search", workspace.corpus, "的", "--limit", "2"],
                            ["bookmark", "add", workspace.corpus, file], ["list", workspace.corpus, "--unread"]]
            let results = try CommandRunner.runTogether(commands, environment: workspace.environment.merging(["SNAPREAD_DATA_DIR": data]) { $1 })
            for (command, result) in zip(commands, results) {
                #expect(result.status == 0, "round \(round), \(command[0]): \(result.stderr)")
                #expect(!result.stderr.contains("locked") && !result.stderr.contains("already exists"), "\(result.stderr)")
            }
            let bookmarks = try workspace.run(["bookmarks"], extra: ["SNAPREAD_DATA_DIR": data])
            #expect(bookmarks.stdout.split(separator: "\n").count == 1, "round \(round): \(bookmarks.stdout)")
        }
    }

    @Test func theReaderShowsNoMarkItCouldNotSave() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["index", workspace.corpus]).status == 0)
        let noise = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        try noise.write(to: URL(fileURLWithPath: workspace.userDatabase))
        var environment = workspace.environment
        environment["SNAPREAD_TRACE"] = nil
        let tmux = try TmuxSession(width: 120, height: 30, arguments: [workspace.corpus], environment: environment)
        try tmux.waitFor(text: "user.sqlite: damaged")
        // The problem's box, dismissed: the rows under it are what is compared.
        try tmux.send("Escape")
        try tmux.waitFor("the problem's box closed") { !$0.contains("user.sqlite: damaged") }
        let before = try tmux.waitForStable().split(separator: "\n", omittingEmptySubsequences: false)
        let firstRow = try #require(before.firstIndex { $0.hasPrefix("•") }, "an unread row: \(before)")

        try tmux.send("b")
        let afterBookmark = try tmux.waitFor(text: "bookmark not saved: user.sqlite is damaged")
        #expect(!afterBookmark.contains("★"), "no ★ for a bookmark that was not written:\n\(afterBookmark)")

        try tmux.send("Enter")
        let afterOpen = try tmux.waitForStable().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(afterOpen[firstRow].hasPrefix("•"), "still unread, as on disk:\n\(afterOpen.joined(separator: "\n"))")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
        #expect(FileManager.default.contents(atPath: workspace.userDatabase) == noise)
    }

    // MARK: - The watcher

    @Test func aMovedParentFolderAndANewOneInItsPlaceAreSeen() throws {
        let workspace = try Workspace(count: 1)
        let parent = workspace.root + "/news"
        let corpus = parent + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try CorpusWriter.write(CorpusGenerator(count: 6, seed: 5, filesPerFolder: 3), to: corpus)
        #expect(try workspace.run(["index", corpus]).status == 0)
        #expect(Self.eventually { Self.watchers(of: corpus).count == 1 })
        #expect(try workspace.run(["index", corpus]).stderr.contains("the watcher saw no change"))

        try FileManager.default.moveItem(atPath: parent, toPath: workspace.root + "/news-old")
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try CorpusWriter.write(CorpusGenerator(count: 2, seed: 99, filesPerFolder: 0), to: corpus)
        let fresh = try workspace.run(["index", corpus])
        #expect(fresh.status == 0)
        #expect(!fresh.stderr.contains("the watcher saw no change"), "\(fresh.stderr)")
        #expect(fresh.stderr.contains("removed 6"), "\(fresh.stderr)")
        let listed = try workspace.run(["list", corpus])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)")
        // A watcher of the new folder takes over, and is trusted again.
        #expect(Self.eventually { (try? workspace.run(["index", corpus]).stderr.contains("the watcher saw no change")) == true })
    }

    @Test func aFolderUnreadableWhenTheWatcherStartedIsWatchedOnceReadable() throws {
        let workspace = try Workspace(count: 6)
        let locked = workspace.corpus + "/part-001"
        try workspace.handOver()
        chmod(locked, 0)
        let first = try workspace.runAsOrdinaryUser(["index", workspace.corpus])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("indexed 3,"), "\(first.stderr)")
        #expect(Self.eventually { Self.watchers(of: workspace.corpus).count == 1 })
        // While a folder is unread, the watcher vouches for nothing.
        #expect(!(try workspace.runAsOrdinaryUser(["index", workspace.corpus]).stderr.contains("the watcher saw no change")))
        chmod(locked, 0o755)
        let opened = try workspace.runAsOrdinaryUser(["index", workspace.corpus])
        #expect(opened.stderr.contains("indexed 3, unchanged 3"), "\(opened.stderr)")
        #expect(Self.eventually { (try? workspace.runAsOrdinaryUser(["index", workspace.corpus]).stderr.contains("the watcher saw no change")) == true })
        // A file written in the folder now watched is seen.
        let added = try #require(FileManager.default.contentsOfDirectory(atPath: locked).first)
        let handle = try #require(FileHandle(forWritingAtPath: locked + "/" + added))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        handle.closeFile()
        let changed = try workspace.runAsOrdinaryUser(["index", workspace.corpus])
        #expect(changed.stderr.contains("indexed 1, unchanged 5"), "\(changed.stderr)")
    }

    /// Needs a second uid to hold the name (as an ordinary user, a listener
    /// of our own uid would rightly be trusted): skipped, and reported so,
    /// when the tests do not run as root.
    @Test(.enabled(if: isRoot, "another user holding the watcher's name needs root (setpriv to nobody)"))
    func anotherUsersListenerOnTheSocketNameIsPassedOver() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        let squatter = try CommandRunner.startAsNobody(["perl", CommandRunner.squatScript, WatchChannel.socketName(root: corpus, slot: 0), "listen", "60"])
        defer { squatter.terminate() }
        #expect(try workspace.run(["index", corpus]).status == 0)
        #expect(Self.eventually { Self.watchers(of: corpus).count == 1 })
        // Our watcher took the next name, and commands find it there.
        for _ in 0..<3 {
            let listed = try workspace.run(["list", corpus, "--limit", "1"])
            #expect(listed.status == 0)
            #expect(listed.stderr.contains("the watcher saw no change"), "\(listed.stderr)")
        }
        #expect(Self.watchers(of: corpus).count == 1)

        // Another user asking our watcher gets nothing.
        let asked = try CommandRunner.runProgram("/usr/bin/env", ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                                                   "perl", CommandRunner.askScript, WatchChannel.socketName(root: corpus, slot: 1)])
        #expect(asked.stdout == "connected, 0 bytes\n", "\(asked.stdout) \(asked.stderr)")
        let ours = try CommandRunner.runProgram("/usr/bin/env", ["perl", CommandRunner.askScript, WatchChannel.socketName(root: corpus, slot: 1)])
        #expect(ours.stdout.hasPrefix("connected,") && ours.stdout != "connected, 0 bytes\n", "\(ours.stdout)")
    }

    @Test(.enabled(if: isRoot, "another user holding the watcher's names needs root (setpriv to nobody)"))
    func everyNameHeldByAnotherUserMeansNoWatcherAndNoWaiting() throws {
        let workspace = try Workspace()
        let corpus = workspace.corpus
        let names = (0..<WatchChannel.slots).map { WatchChannel.socketName(root: corpus, slot: $0) }
        // Two held without listening, two listening and never accepting.
        let bound = try CommandRunner.startAsNobody(["perl", CommandRunner.squatScript, names[0] + "," + names[2], "bind", "60"])
        let listening = try CommandRunner.startAsNobody(["perl", CommandRunner.squatScript, names[1] + "," + names[3], "listen", "60"])
        defer {
            bound.terminate()
            listening.terminate()
        }
        for _ in 0..<4 {
            let listed = try workspace.run(["list", corpus])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.split(separator: "\n").count == 6)
            #expect(!listed.stderr.contains("the watcher saw no change"))
        }
        // No watcher was started, so none was waited for.
        usleep(300_000)
        #expect(Self.watchers(of: corpus).isEmpty)
    }
}

extension CommandRunner {
    static let squatScript = packageRoot + "/Tests/EndToEndTests/Scripts/squat.pl"
    static let askScript = packageRoot + "/Tests/EndToEndTests/Scripts/ask.pl"

    /// Runs any program and captures what it prints.
    static func runProgram(_ path: String, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    @discardableResult
    static func shell(_ line: String) throws -> CommandResult {
        try runProgram("/bin/sh", ["-c", line])
    }

    /// Starts a program as `nobody` and waits for its "ready" line.
    static func startAsNobody(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = String(decoding: out.fileHandleForReading.readData(ofLength: 6), as: UTF8.self)
        guard line == "ready\n" else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "helper said \(line)"]) }
        return process
    }

    /// Starts several snapread commands at the same moment and waits for all.
    static func runTogether(_ commands: [[String]], environment: [String: String]) throws -> [CommandResult] {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["SNAPREAD_WATCH_IDLE"] = "20"
        for (key, value) in environment { env[key] = value }
        let started = commands.map { arguments -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.environment = env
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (process, out, err)
        }
        for (process, _, _) in started { try process.run() }
        return started.map { process, out, err in
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: String(decoding: errData, as: UTF8.self))
        }
    }
}
