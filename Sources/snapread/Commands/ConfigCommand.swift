import ArgumentParser
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
        // Paths, names and problems all come from files a person may not
        // have written: the whole text is cleaned, its lines kept.
        OutputWriter.standardOutput.write(TerminalText.visible(header + loaded.config.rendered, in: .lines))
        if !loaded.details.isEmpty { throw UserFacingError(loaded.details.joined(separator: "; ")) }
    }
}
