import ArgumentParser
import Foundation
import ReaderCore
import SnapshotStore

/// `snapread [DIR]`: the full-screen reader.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Open the reader on DIR (the default command).",
        discussion: """
        The reader opens at once on the index as it is and brings it up to date in the background.
        Keys: j/k move, Tab or 1/2/3 switch panes, Enter opens or follows, H/L back and forward,
        ? shows every key, q quits.

        Examples:
          snapread ~/news
          snapread read ~/news --db /tmp/news.sqlite
        """
    )

    @Argument(help: "The corpus folder.")
    var dir: String?

    @Option(name: .customLong("db"), help: "The index database to use instead of the one in $XDG_CACHE_HOME/snapread/.")
    var databasePath: String?

    func run() throws {
        let loaded = ConfigLoader.load()
        guard let dir = dir ?? loaded.config.corpus ?? DemoCorpus.locate() else {
            throw UserFacingError("no corpus given and the demo corpus (Demo/corpus) was not found: snapread DIR")
        }
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw UserFacingError("the reader needs a terminal; for scripts use list, search, show (snapread --help)")
        }
        Trace.mark("read: opening library")
        let library = try CorpusLibrary(corpus: dir, databasePath: databasePath)
        Trace.mark("read: library open")
        // Every width the reader measures, and curses itself, follow ambiguous_width.
        WidthMode.$current.withValue(loaded.config.widthMode) {
            ReaderRuntime(library: library, databasePath: databasePath, config: loaded).run()
        }
    }
}

/// The demo corpus shipped in the repository.
enum DemoCorpus {
    static func locate() -> String? { RepositoryFolder.locate("Demo/corpus") }
}
