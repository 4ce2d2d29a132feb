import ArgumentParser
import ReaderCore
import SnapshotFormat
import SnapshotStore

/// `snapread copies DIR FILE`: the other snapshots of an article's story.
struct CopiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copies",
        abstract: "The other snapshots of FILE's story in DIR: re-crawls, reposts, edited versions, the story in the other script.",
        discussion: """
        Copies are found by the text of the body (folded to simplified characters), not by title or id.

        Examples:
          snapread copies ~/news 000_088c11af44b8187a.txt
          snapread copies ~/news 000_088c11af44b8187a.txt --json | jq -r '.[].file'
        """
    )

    @OptionGroup var article: ArticleArguments

    func run() throws {
        let (library, path) = try article.open()
        // The message `thread`, `related` and `diff` give for a file not in the corpus.
        let copies = try ArticleArguments.copies(of: path, in: library)
        if article.json {
            JSONValue.array(copies.map { copy in
                SummaryJSON.link(file: copy.path, id: copy.id, title: copy.title, extra: [
                    ("source", .optional(copy.source)), ("publishedAt", .optional(copy.publishedAt?.iso8601)),
                    ("capturedAt", .optional(copy.capturedAt?.iso8601)),
                ])
            }).writeLine()
        } else {
            let width = TerminalSize.lineColumns()
            for copy in copies {
                let published = copy.publishedAt?.shortString ?? "????-??-?? ??:??"
                let captured = copy.capturedAt.map { "captured " + $0.shortString } ?? "no capture time"
                let line = "\(published)  \(copy.source ?? "?")  \(captured)  \(copy.title)  \(copy.path)"
                OutputWriter.standardOutput.line(ListText.cut(line, to: width))
            }
        }
    }
}
