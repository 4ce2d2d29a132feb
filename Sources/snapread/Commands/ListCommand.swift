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
        let articles = try library.list(filter: try filters.filter(), limit: output.limit)
        if output.json {
            JSONValue.printArrayInParallel(articles) { article, out in SummaryJSON.writeListItem(article, into: &out) }
        } else {
            let width = TerminalSize.columns()
            let out = LineWriter()
            for article in articles { out.line(ListText.line(article, width: width)) }
            out.flush()
        }
    }
}
