import ArgumentParser
import SnapshotFormat

/// `snapread show FILE [--json]`: parse one snapshot and print it.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse one snapshot file and print it.",
        discussion: """
        Examples:
          snapread show 000_088c11af44b8187a.txt
          snapread show story.txt --json | jq -r '.body[].text'
        """
    )

    @Argument(help: "The snapshot file.")
    var file: String

    @Flag(help: "Print the article as JSON (the shape of CONTRACT.md).")
    var json = false

    @Option(help: "Wrap the text rendering at this many columns (default: the terminal's width).")
    var width: Int?

    func run() throws {
        let article: Article
        do {
            article = try SnapshotParser.parse(fileAt: file)
        } catch {
            throw UserFacingError(error.description)
        }
        if json {
            ArticleJSON.article(article, file: file).writeLine()
        } else {
            OutputWriter.standardOutput.line(ArticleText.render(article, width: width ?? TerminalSize.columns()))
        }
    }
}
