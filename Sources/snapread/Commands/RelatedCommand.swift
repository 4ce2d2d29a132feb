import ArgumentParser
import ReaderCore
import SnapshotFormat
import SnapshotStore

/// DIR, FILE and `--json`, shared by the commands about one article.
struct ArticleArguments: ParsableArguments {
    @OptionGroup var corpus: CorpusOptions

    @Argument(help: "The article: a path inside DIR.")
    var file: String

    @Flag(help: "Print JSON (the shape of CONTRACT.md).")
    var json = false

    /// The corpus, brought up to date, and FILE as a path inside it.
    func open() throws -> (CorpusLibrary, String) {
        let library = try corpus.openLibrary()
        return (library, corpus.relativePath(file, in: library))
    }

    /// Runs `body` on FILE; when FILE is not in the index but files of that
    /// name are in subfolders (a bare name given for `sub/NAME`), the error
    /// names them.
    func lookingUp<T>(_ path: String, in library: CorpusLibrary, _ body: () throws -> T) throws -> T {
        try Self.lookingUp(path, in: library, body)
    }

    /// The other snapshots of the story of `path`, an article of the corpus
    /// (else the error `lookingUp` gives): for `copies`, and for `diff`,
    /// which asks whether its two files are one story.
    static func copies(of path: String, in library: CorpusLibrary) throws -> [CopySummary] {
        try lookingUp(path, in: library) {
            guard let found = try library.copies(ofPath: path) else { throw StoreError.notIndexed(path) }
            return found
        }
    }

    /// `lookingUp` for commands with more than one FILE.
    static func lookingUp<T>(_ path: String, in library: CorpusLibrary, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.notIndexed(let missing) {
            let name = "/" + (missing.split(separator: "/").last.map(String.init) ?? missing)
            let matches = ((try? library.list()) ?? []).map(\.path).filter { $0.hasSuffix(name) && $0 != missing }.sorted()
            guard !matches.isEmpty else { throw StoreError.notIndexed(missing) }
            let shown = matches.prefix(3).joined(separator: ", ") + (matches.count > 3 ? ", … (\(matches.count) in all)" : "")
            throw UserFacingError("\(missing): not in the index of this corpus; did you mean \(shown)?")
        }
    }
}

/// `snapread related DIR FILE`: an article's related items and where they point.
struct RelatedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: "The related items of one article, each resolved to the file in DIR it was cut from, or to nothing.",
        discussion: """
        Examples:
          snapread related ~/news 000_088c11af44b8187a.txt
          snapread related ~/news 000_088c11af44b8187a.txt --json | jq -r '.[] | select(.target) | .target'
        """
    )

    @OptionGroup var article: ArticleArguments

    func run() throws {
        let (library, path) = try article.open()
        let json = article.json
        let items = try article.lookingUp(path, in: library) { try library.related(ofPath: path) }
        if json {
            JSONValue.array(items.map { resolved in
                ArticleJSON.relatedItem(resolved.item, extra: [("target", .optional(resolved.target?.path))])
            }).writeLine()
        } else {
            let width = TerminalSize.lineColumns()
            let out = OutputWriter.standardOutput
            for resolved in items {
                let (first, second) = Self.lines(resolved, width: width)
                out.line(first)
                if let second { out.line(second) }
            }
            if items.isEmpty { reportEmpty("\(path) has no related items") }
        }
    }
}

extension RelatedCommand {
    /// An item for people: the date, then title before path as `list` and
    /// `thread` have them (`→`), or for an item not in the corpus (`✗`) its
    /// own title, else its excerpt, and that it is not here; indented below,
    /// the item's text as the file has it, unless the first line already is it.
    static func lines(_ resolved: ResolvedRelatedItem, width: Int) -> (String, String?) {
        let item = resolved.item
        let head = (item.publishedAt?.shortString ?? "????-??-?? ??:??") + "  "
        let room = max(10, width - DisplayWidth.of(head) - 2)
        let first: String
        if let target = resolved.target {
            first = head + "→ " + ListText.cut(target.title + "  " + target.path, to: room)
        } else {
            let suffix = "  (not in this corpus)"
            let name = TerminalText.visible(item.title ?? item.excerpt, in: .oneLine)
            first = head + "✗ " + DisplayWidth.truncate(name, to: max(10, room - DisplayWidth.of(suffix))) + suffix
        }
        if resolved.target == nil && item.title == nil { return (first, nil) }
        let text = (item.title.map { "《\($0)》" } ?? "") + item.excerpt
        return (first, "    " + ListText.cut(text, to: max(10, width - 4)))
    }
}

/// `snapread backlinks DIR FILE`: the articles that point at one article.
struct BacklinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlinks",
        abstract: "The articles in DIR whose related items point at FILE.",
        discussion: "Example: snapread backlinks ~/news part-001/123_0123456789abcdef.txt --json"
    )

    @OptionGroup var article: ArticleArguments

    func run() throws {
        let (library, path) = try article.open()
        let json = article.json
        let sources = try article.lookingUp(path, in: library) { try library.backlinks(ofPath: path) }
        if json {
            JSONValue.array(sources.map { SummaryJSON.link($0) }).writeLine()
        } else {
            let width = TerminalSize.lineColumns()
            for source in sources { OutputWriter.standardOutput.line(ListText.line(source, width: width)) }
            if sources.isEmpty { reportEmpty("no article in this corpus links to \(path)") }
        }
    }
}

/// `snapread categories DIR`: every category with its count.
struct CategoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "categories",
        abstract: "Every category in DIR with its article count, largest first.",
        discussion: "Example: snapread categories ~/news --json | jq -r '.[0].name'"
    )

    @OptionGroup var corpus: CorpusOptions

    @Flag(help: "Print JSON (the shape of CONTRACT.md).")
    var json = false

    func run() throws {
        let library = try corpus.openLibrary()
        let categories = try library.categories()
        if json {
            JSONValue.array(categories.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) }).writeLine()
        } else {
            for category in categories { OutputWriter.standardOutput.line("\(category.count)\t\(TerminalText.visible(category.name))") }
            if categories.isEmpty { reportEmpty("no articles in this corpus") }
        }
    }
}
