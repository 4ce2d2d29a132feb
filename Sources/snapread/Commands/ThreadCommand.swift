import ArgumentParser
import SnapshotFormat
import ReaderCore
import SnapshotStore

/// `snapread thread DIR FILE [--depth N]`: the stories linked to one article.
struct ThreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread",
        abstract: "The stories linked to FILE through related items and backlinks, up to N links away, oldest first.",
        discussion: """
        Each line gives how many links away the story is (FILE itself is 0) and which way the link to
        the nearer story runs: → the nearer story's related items point at it, ← it points at the
        nearer story, ↔ both. Links are the ones `related` and `backlinks` find; they are kept in a
        table beside the index, brought up to date when the corpus changes.

        Examples:
          snapread thread ~/news 000_088c11af44b8187a.txt
          snapread thread ~/news part-001/123_0123456789abcdef.txt --depth 3 --json | jq -r '.[] | "\\(.depth) \\(.title)"'
        """
    )

    @OptionGroup var article: ArticleArguments

    // Unconditional, as `--limit` is: `--depth -1` reaches validate() and gets its own message.
    @Option(parsing: .unconditional, help: "Follow links this many steps away from FILE (0: FILE alone).")
    var depth = 2

    func validate() throws {
        if depth < 0 { throw ValidationError("--depth must be 0 or more, not \(depth).") }
    }

    func run() throws {
        let (library, path) = try article.open()
        let stories = try article.lookingUp(path, in: library) { try library.thread(ofPath: path, depth: depth, problem: { printError($0) }) }
        if article.json {
            JSONValue.array(stories.map { story in
                SummaryJSON.link(story.article, extra: [("publishedAt", .optional(story.article.publishedAt?.iso8601)), ("depth", .int(story.depth))])
            }).writeLine()
            return
        }
        let width = TerminalSize.lineColumns()
        let out = OutputWriter.standardOutput
        for story in stories { out.line(Self.line(story, width: width)) }
        out.flush()
    }

    static func arrow(_ direction: ThreadDirection?) -> String {
        switch direction {
        case .cited: "→"
        case .citing: "←"
        case .both: "↔"
        case nil: "·"
        }
    }

    /// `  depth arrow date  title  path`, cut to `width`.
    static func line(_ story: ThreadStory, width: Int) -> String {
        let date = story.article.publishedAt?.shortString ?? "                "
        let depth = String(story.depth)
        let head = String(repeating: " ", count: max(0, 2 - depth.count)) + depth + " " + arrow(story.direction) + " " + date + "  "
        return head + ListText.cut(story.article.title + "  " + story.article.path, to: max(10, width - DisplayWidth.of(head)))
    }
}
