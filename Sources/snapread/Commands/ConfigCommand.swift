import ArgumentParser
import Foundation
import SnapshotStore
import ReaderCore
import SnapshotFormat

/// `snapread config`: the effective configuration and where it comes from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration (config.toml merged over the defaults).",
        discussion: """
        The file is $XDG_CONFIG_HOME/snapread/config.toml (or $SNAPREAD_CONFIG_DIR/config.toml);
        themes are read from the repository's Themes/ and from the config folder's themes/.

        Examples:
          snapread config
          snapread config > ~/.config/snapread/config.toml    # start from the defaults
        """
    )

    func run() throws {
        let loaded = ConfigLoader.load()
        let found = ConfigLoader.readThemes()
        var header = loaded.exists ? "# read from \(loaded.path)\n" : "# no \(loaded.path); these are the defaults\n"
        for problem in loaded.details + found.details { header += "# problem (line left out): \(TerminalText.visible(problem))\n" }
        header += "# themes: " + found.themes.map(\.name).joined(separator: ", ") + "\n"
        header += "# theme in effect: " + ThemeInEffect.find(loaded, themes: found.themes.map(\.name)).described + "\n"
        // Paths, names and problems all come from files a person may not
        // have written: the whole text is cleaned, its lines kept.
        OutputWriter.standardOutput.write(TerminalText.visible(header + loaded.config.rendered, in: .lines))
        guard !loaded.details.isEmpty else { return }
        // One line a problem, as the reader prints them when it exits: a
        // joined line would wrap mid-path and hide where one problem ends.
        for detail in loaded.details { printError(detail) }
        throw ExitCode.failure
    }
}

/// The theme the reader starts with when it opens with no DIR, and why:
/// the one chosen with `t` (kept in the reading session of that corpus) wins
/// over config.toml's, which wins over the default; NO_COLOR turns them all off.
struct ThemeInEffect {
    var name: String
    /// Where it comes from, in words.
    var source: String

    var described: String { name + " (" + source + ")" }

    static func find(_ loaded: ConfigLoader.Loaded, themes: [String],
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> ThemeInEffect {
        if !(environment["NO_COLOR"] ?? "").isEmpty { return ThemeInEffect(name: "none", source: "NO_COLOR is set: colors are off") }
        let configured = loaded.config.theme
        let fromFile = loaded.config.themeLine.map { "config.toml line \($0)" } ?? "the default"
        var fallback = themes.contains(configured) ? ThemeInEffect(name: configured, source: fromFile)
            : ThemeInEffect(name: "dark", source: "\(fromFile) names “\(configured)”, which is not found")
        // The reader keeps `t`'s choice per corpus, in the session of the corpus it opens.
        guard let corpus = loaded.config.corpus ?? DemoCorpus.locate() else { return fallback }
        let root = StoreLocations.canonicalPath(corpus)
        let database = StoreLocations().userDatabase
        // Only read: `config` must not create the person's data file.
        guard FileManager.default.fileExists(atPath: database),
              let state = (try? UserData(path: database).session(corpus: root)).flatMap({ $0 }) else { return fallback }
        let session = ReaderSession(encoded: state)
        guard let chosen = session.theme, chosen != fallback.name else { return fallback }
        guard themes.contains(chosen) else { return fallback }
        fallback = ThemeInEffect(name: chosen, source: "chosen with t in the reader on \(root); config.toml's theme is \(configured)")
        return fallback
    }
}
