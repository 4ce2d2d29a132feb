import ArgumentParser
import ReaderCore
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
        let items = try library.related(ofPath: path)
        if json {
            print(JSONValue.array(items.map { resolved in
                ArticleJSON.relatedItem(resolved.item, extra: [("target", .optional(resolved.target?.path))])
            }).rendered())
        } else {
            let width = TerminalSize.lineColumns()
            for resolved in items {
                let date = resolved.item.publishedAt?.shortString ?? "????-??-?? ??:??"
                let target = resolved.target.map { "→ \($0.path)  \($0.title)" } ?? "✗ not in this corpus"
                print(DisplayWidth.truncate("\(date)  \(target)", to: width))
                print("    " + DisplayWidth.truncate((resolved.item.title.map { "《\($0)》" } ?? "") + resolved.item.excerpt, to: width - 4))
            }
        }
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
        let sources = try library.backlinks(ofPath: path)
        if json {
            print(JSONValue.array(sources.map(SummaryJSON.link)).rendered())
        } else {
            let width = TerminalSize.lineColumns()
            for source in sources { print(ListText.line(source, width: width)) }
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
            print(JSONValue.array(categories.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) }).rendered())
        } else {
            for category in categories { print("\(category.count)\t\(category.name)") }
        }
    }
}
