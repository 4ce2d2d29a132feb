import ArgumentParser
import SnapshotStore

/// `snapread search DIR QUERY [FILTERS]`: full-text search, Chinese included.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the title, editor's note and body of DIR's articles.",
        discussion: """
        Every word of QUERY (split at spaces) must occur; Chinese queries of any length work,
        one character included; Latin letters match regardless of case. Title hits come first,
        then the newest.

        Examples:
          snapread search ~/news 合力
          snapread search ~/news "文明 创建" --category 国内 --json | jq -r '.[] | .title + ": " + .snippet'
        """
    )

    @OptionGroup var corpus: CorpusOptions

    @Argument(help: "The text to find.")
    var query: String

    @OptionGroup var filters: FilterOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let library = try corpus.openLibrary()
        // Printed straight from the index files, on every core.
        let results = try library.searchResults(query, filter: try filters.filter(), limit: output.limit)
        Trace.mark("search: \(results.count) hits ready")
        defer { Trace.mark("search: printed") }
        if output.json {
            JSONValue.printArrayInParallel(count: results.count) { index, out in
                results.withHit(at: index) { SummaryJSON.writeListItem($0, into: &out) }
            }
        } else {
            let width = TerminalSize.columns()
            ParallelRendering.write(count: results.count) { index, out in
                let hit = results.withHit(at: index) { $0.hit }
                out += ListText.line(hit.article, width: width).utf8
                out += "\n    ".utf8
                out += hit.snippet.utf8
                out.append(0x0A)
            }
        }
    }
}
