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
        let filter = try filters.filter()
        let width = TerminalSize.columns()
        defer { Trace.mark("search: printed") }
        if output.limit == nil {
            // Every result: each is rendered on every core as it is verified,
            // while its text is in the cache, then written in rank order.
            let json = output.json
            let separator: StaticString = ",\n  "
            let rendered = try library.searchRendered(query, filter: filter) { hit, out in
                if json {
                    // Each item with the separator before it; the first one's
                    // comma becomes the opening bracket below.
                    out.append(static: separator)
                    SummaryJSON.writeListItem(hit, into: &out)
                } else {
                    Self.writeText(hit, width: width, into: &out)
                }
            }
            // Written in rank order straight from where they were rendered.
            rendered.withItems { items in
                guard json else { return StandardOutput().write(gathering: items) }
                guard let first = items.first else { return StandardOutput().write("[]\n") }
                let open: StaticString = "[", close: StaticString = "\n]\n"
                var pieces: [UnsafeRawBufferPointer] = []
                pieces.reserveCapacity(items.count + 2)
                pieces.append(UnsafeRawBufferPointer(start: open.utf8Start, count: open.utf8CodeUnitCount))
                pieces.append(UnsafeRawBufferPointer(rebasing: first[1...]))
                pieces += items.dropFirst()
                pieces.append(UnsafeRawBufferPointer(start: close.utf8Start, count: close.utf8CodeUnitCount))
                StandardOutput().write(gathering: pieces)
            }
            return
        }
        // A few results: found and ranked first, then only those are rendered.
        let results = try library.searchResults(query, filter: filter, limit: output.limit)
        Trace.mark("search: \(results.count) hits ready")
        if output.json {
            JSONValue.printArrayInParallel(count: results.count) { index, out in
                results.withHit(at: index) { SummaryJSON.writeListItem($0, into: &out) }
            }
        } else {
            ParallelRendering.write(count: results.count) { index, out in
                results.withHit(at: index) { Self.writeText($0, width: width, into: &out) }
            }
        }
    }

    /// The list line and, indented below it, the snippet.
    static func writeText(_ view: HitView, width: Int, into out: inout [UInt8]) {
        var scratch: [UInt8] = []
        ListText.append(view, width: width, into: &out, scratch: &scratch)
        out += "\n    ".utf8
        if view.snippetCutBefore { out += "…".utf8 }
        out.append(contentsOf: view.snippet)
        if view.snippetCutAfter { out += "…".utf8 }
        out.append(0x0A)
    }
}
