import ArgumentParser

/// `snapread index DIR`: build or bring up to date a corpus's index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or bring up to date DIR's index.",
        discussion: """
        Only files added, changed (size or modification time) or removed since the last run are read.
        Progress goes to stderr when it is a terminal; the last line sums up the run.
        The first command on a corpus starts a background watcher (inotify) that lets later commands
        skip checking every file while nothing changed; it exits after 30 minutes unused.
        watch = false in config.toml or SNAPREAD_WATCH=0 turns it off.

        Examples:
          snapread index ~/news
          snapread index ~/news --db /tmp/news.sqlite
        """
    )

    @OptionGroup var corpus: CorpusOptions

    func run() throws {
        _ = try corpus.openLibrary(update: true, reportSummary: true)
    }
}
