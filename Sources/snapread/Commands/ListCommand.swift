import ArgumentParser

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
        if let results = try library.listResults(filter: filter, limit: output.limit) {
            // Rows straight from the character index file, rendered on every core.
            if output.json {
                JSONValue.printArrayInParallel(count: results.count) { index, out in
                    results.withHit(at: index) { SummaryJSON.writeListItem($0, snippet: false, into: &out) }
                }
            } else {
                let width = TerminalSize.lineColumns()
                ParallelRendering.write(count: results.count) { index, out in
                    var scratch: [UInt8] = []
                    results.withHit(at: index) { ListText.append($0, width: width, into: &out, scratch: &scratch) }
                    out.append(0x0A)
                }
            }
            return
        }
        let articles = try library.list(filter: filter, limit: output.limit)
        if output.json {
            JSONValue.printArrayInParallel(articles) { article, out in SummaryJSON.writeListItem(article, into: &out) }
        } else {
            let width = TerminalSize.lineColumns()
            let out = LineWriter()
            for article in articles { out.line(ListText.line(article, width: width)) }
            out.flush()
        }
    }
}
