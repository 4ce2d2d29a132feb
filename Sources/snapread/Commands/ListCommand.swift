import ArgumentParser
import SnapshotStore

/// `snapread list DIR [FILTERS]`: the articles, newest first.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List DIR's articles, newest first.",
        discussion: """
        Examples:
          snapread list ~/news --category 国内 --since 2024-03-01 --limit 20
          snapread list ~/news --unread --json | jq -r '.[].title'
        """
    )

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let library = try corpus.openLibrary()
        let filter = try filters.filter()
        let unknownCategory = try filters.reportUnknownCategories(in: library)
        if let results = try library.listResults(filter: filter, limit: output.limit) {
            // Rows straight from the character index file, rendered on every core.
            if output.json {
                let copies = try library.copyCounts(of: results.count <= 500 ? (0..<results.count).map { results.withHit(at: $0) { $0.docno } } : nil)
                JSONValue.printArrayInParallel(count: results.count) { index, out in
                    results.withHit(at: index) { SummaryJSON.writeListItem($0, snippet: false, copies: copies, into: &out) }
                }
            } else {
                let width = TerminalSize.lineColumns()
                ParallelRendering.write(count: results.count) { index, out in
                    var scratch: [UInt8] = []
                    results.withHit(at: index) { ListText.append($0, width: width, into: &out, scratch: &scratch) }
                    out.append(0x0A)
                }
                if results.count == 0, output.limit != 0, !unknownCategory { reportEmpty(Self.nothingMatches(filter)) }
            }
            return
        }
        let articles = try library.list(filter: filter, limit: output.limit)
        if output.json {
            let copies = try library.copyCounts(of: articles.count <= 500 ? articles.map(\.docno) : nil)
            JSONValue.printArrayInParallel(articles) { article, out in SummaryJSON.writeListItem(article, copies: copies, into: &out) }
        } else {
            let width = TerminalSize.lineColumns()
            for article in articles { OutputWriter.standardOutput.line(ListText.line(article, width: width)) }
            if articles.isEmpty, output.limit != 0, !unknownCategory { reportEmpty(Self.nothingMatches(filter)) }
        }
    }

    static func nothingMatches(_ filter: ArticleFilter) -> String {
        filter.isEmpty ? "no articles in this corpus" : "no articles match these filters"
    }
}
