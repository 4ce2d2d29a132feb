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
          snapread show story.txt --script traditional
        """
    )

    @Argument(help: "The snapshot file.")
    var file: String

    @Flag(help: "Print the article as JSON (the shape of CONTRACT.md).")
    var json = false

    @Option(help: "Wrap the text rendering at this many columns (default: the terminal's width).")
    var width: Int?

    @Option(help: "Show title, editor's note and body in this script (simplified or traditional), converted by OpenCC.")
    var script: ScriptConverter.Script?

    func run() throws {
        var article: Article
        do {
            article = try SnapshotParser.parse(fileAt: file)
        } catch {
            throw UserFacingError(error.description)
        }
        if let script {
            do {
                article = try ScriptConverter(to: script).convert(article)
            } catch {
                throw UserFacingError("\(error)")
            }
        }
        if json {
            ArticleJSON.article(article, file: file).writeLine()
        } else {
            OutputWriter.standardOutput.line(ArticleText.render(article, width: width ?? TerminalSize.columns()))
        }
    }
}

extension ScriptConverter.Script: ExpressibleByArgument {}
