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
        version: "0.1.0",
        subcommands: [
            ReadCommand.self, Show.self, IndexCommand.self, ListCommand.self, SearchCommand.self, RelatedCommand.self,
            BacklinksCommand.self, CategoriesCommand.self, BookmarkCommand.self, BookmarksCommand.self,
        ],
        defaultSubcommand: ReadCommand.self
    )

    /// Runs the command line, printing user-facing errors as one line.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
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
