import ArgumentParser
import SnapshotStore
#if canImport(Glibc)
import Glibc
#endif

/// The `snapread` command and its subcommands.
@main
struct Snapread: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapread",
        abstract: "A terminal reader for news snapshot dumps.",
        discussion: """
        With no subcommand, snapread opens the reader on DIR, or on the demo corpus when no DIR is given.

        Examples:
          snapread ~/news                                  read a corpus
          snapread index ~/news                            build its index (incremental)
          snapread search ~/news 合力 --limit 10 --json     search, Chinese of any length
          snapread related ~/news 000_088c11af44b8187a.txt where each related story is
          snapread bookmarks --markdown                    export bookmarks

        Index: $XDG_CACHE_HOME/snapread/. Bookmarks and read state: $XDG_DATA_HOME/snapread/
        (or $SNAPREAD_DATA_DIR). Shell completions and a man page are in docs/ (see the README).
        """,
        version: "0.1.0",
        subcommands: [
            ReadCommand.self, Show.self, IndexCommand.self, ListCommand.self, SearchCommand.self, RelatedCommand.self,
            BacklinksCommand.self, CategoriesCommand.self, BookmarkCommand.self, BookmarksCommand.self, ConfigCommand.self, WatchCommand.self,
            CopiesCommand.self, DiffCommand.self,
        ],
        defaultSubcommand: ReadCommand.self
    )

    /// Runs the command line, printing user-facing errors as one line.
    static func main() {
        do {
            Trace.mark("command line")
            var command = try parseAsRoot()
            Trace.mark("command line parsed")
            try command.run()
            Trace.mark("command done")
        } catch let error as UserFacingError {
            printError(error.description)
            Glibc.exit(1)
        } catch let error as StoreError {
            printError(error.description)
            Glibc.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
