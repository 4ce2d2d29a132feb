import ArgumentParser
import CSystemSupport
import Foundation
import SnapshotStore

/// `snapread _watch DIR`: the corpus watcher, started in the background by the
/// other commands (not meant to be typed; hidden from help).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_watch",
        abstract: "Watch DIR for changes so that later commands skip their stat of every file.",
        shouldDisplay: false
    )

    @Argument(help: "The corpus folder.")
    var dir: String

    @Option(help: "Exit after this many seconds without a question.")
    var idle: Double = CorpusWatching.defaultIdleSeconds

    func run() throws {
        CorpusWatcher.runDetached(root: dir, idleSeconds: idle) { message in
            printError(message)
            Glibc.exit(1)
        }
    }
}

/// Whether and how commands use a corpus watcher: on unless `watch = false` in
/// config.toml or `SNAPREAD_WATCH=0` in the environment.
enum CorpusWatching {
    /// Half an hour: long enough for a working session, short enough that a
    /// forgotten corpus costs nothing for long.
    static let defaultIdleSeconds = 1800.0

    static func monitor(environment: [String: String] = ProcessInfo.processInfo.environment) -> (any ChangeMonitor)? {
        if let setting = environment["SNAPREAD_WATCH"], ["0", "off", "false", "no"].contains(setting.lowercased()) { return nil }
        guard ConfigLoader.load().config.watch else { return nil }
        let idle = environment["SNAPREAD_WATCH_IDLE"].flatMap(Double.init)
        return WatcherChangeMonitor { root in launch(root: root, idleSeconds: idle) }
    }

    /// Starts `snapwatch _watch ROOT` (the small watcher beside this binary;
    /// else `snapread _watch ROOT`) detached: through a shell that puts it in
    /// the background and exits at once, so no zombie is left to reap.
    static func launch(root: String, idleSeconds: Double?) {
        guard let current = ExecutablePath.current else { return }
        let small = (current as NSString).deletingLastPathComponent + "/snapwatch"
        let executable = access(small, X_OK) == 0 ? small : current
        var arguments = ["/bin/sh", "-c", "exec \"$0\" _watch \"$@\" </dev/null >/dev/null 2>&1 &", executable, root]
        if let idleSeconds { arguments += ["--idle", String(idleSeconds)] }
        var pid: Int32 = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard snapread_spawn_detached("/bin/sh", argv, environ, &pid) == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
