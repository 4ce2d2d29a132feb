import ArgumentParser
import SnapshotFormat
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

    func validate() throws {
        // An empty query matches nothing (or, read another way, everything): say so.
        // One line, with the status of a usage error (ArgumentParser's 64).
        if query.allSatisfy(\.isWhitespace) {
            printError("search: the query is empty; give the text to find (`snapread list` lists every article)")
            throw ExitCode.validationFailure
        }
    }

    func run() throws {
        let library = try corpus.openLibrary()
        let filter = try filters.filter()
        let unknownCategory = try filters.reportUnknownCategories(in: library)
        let width = TerminalSize.lineColumns()
        let json = output.json
        // Results are rendered as they are found: the counts of every group.
        let copies = json ? try library.copyCounts(of: nil) : CopyCounts()
        let standardOutput = OutputWriter.standardOutput
        let separator: StaticString = ",\n  "
        var first = true
        // Each result is rendered on every core as it is verified, while its
        // text is in the cache, and written in rank order.
        let count = try library.searchRendered(query, filter: filter, limit: output.limit, render: { hit, out in
            if json {
                // Each item with the separator before it; the first one's
                // comma becomes the opening bracket.
                out.append(static: separator)
                SummaryJSON.writeListItem(hit, copies: copies, into: &out)
            } else {
                Self.writeText(hit, width: width, into: &out)
            }
        }, write: { pieces in
            guard json, first, let head = pieces.first else { return standardOutput.write(gathering: pieces) }
            var pieces = pieces
            pieces[0] = UnsafeRawBufferPointer(rebasing: head[1...])
            standardOutput.write("[")
            standardOutput.write(gathering: pieces)
            first = false
        })
        if json { standardOutput.write(count == 0 ? "[]\n" : "\n]\n") }
        if count == 0, !json, output.limit != 0, !unknownCategory { reportEmpty("no article contains “\(query)”" + (filter.isEmpty ? "" : " (with these filters)")) }
        Trace.mark("search: printed")
    }

    /// The list line and, indented below it, the snippet, both cleaned of
    /// control characters and cut to the width.
    static func writeText(_ view: HitView, width: Int, into out: inout [UInt8]) {
        var scratch: [UInt8] = []
        ListText.append(view, width: width, into: &out, scratch: &scratch)
        out += "\n    ".utf8
        scratch.removeAll(keepingCapacity: true)
        if view.snippetCutBefore { scratch += "…".utf8 }
        TerminalText.append(view.snippet, to: &scratch)
        if view.snippetCutAfter { scratch += "…".utf8 }
        ListText.appendCut(scratch, width: max(10, width - 4), into: &out)
        out.append(0x0A)
    }
}
