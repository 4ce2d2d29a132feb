import ArgumentParser
import Foundation
import SnapshotFormat
import SnapshotStore

/// `snapread diff DIR FILE OTHER`: what changed from one snapshot of a story
/// to another.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed from FILE to OTHER: the title, and paragraphs added, removed and changed.",
        discussion: """
        FILE and OTHER must be articles of DIR: paths inside it that its index holds (--db names another index). \
        Any other file is refused: "FILE: not in the index of this corpus".

        Both are compared with the scripts folded to one and shown in their own characters, so an edited copy \
        in the other script names only its changed title and paragraphs. Inside a changed paragraph the text \
        output marks deleted characters [-so-] and inserted ones {+so+}.

        A first line says what kind of difference it is, when it is more than an edit: \
        "not copies of one story" (the corpus does not group them), "the same text in the other script", \
        "edited, in the other script", or "source: " with both sources (a repost), joined by " · ".

        --json prints {"title": {"from", "to"} | null, "blocks": [{"change", "from", "to"}], \
        "sameStory": true | false, "scriptOnly": true | false, "source": {"from", "to"} | null}: sameStory is \
        false when the corpus does not group the two and their text differs; scriptOnly is true when title and \
        text are equal once folded to one script and differ before; source is set when the sources differ.

        Examples:
          snapread diff ~/news 000_088c11af44b8187a.txt 412_9c1d0e5f6a7b8c9d.txt
          snapread diff ~/news a.txt b.txt --json | jq -r '.blocks[] | select(.change == "changed") | .to'
        """
    )

    @OptionGroup var corpus: CorpusOptions

    @Argument(help: "The older snapshot: a path inside DIR.")
    var file: String

    @Argument(help: "The newer snapshot: a path inside DIR.")
    var other: String

    @Flag(help: "Print JSON (the shape of CONTRACT.md).")
    var json = false

    func run() throws {
        let library = try corpus.openLibrary()
        let from = corpus.relativePath(file, in: library), to = corpus.relativePath(other, in: library)
        // Both must be articles of the corpus, as for `copies` and `thread`:
        // whether they are one story is the corpus's grouping.
        let copiesOfFrom = try ArticleArguments.copies(of: from, in: library)
        _ = try ArticleArguments.copies(of: to, in: library)
        let sameStory = from == to || copiesOfFrom.contains { $0.path == to }
        let diff = ArticleDiff(from: try Self.parse(from, in: library), to: try Self.parse(to, in: library), sameStory: sameStory)
        if json {
            Self.json(diff).writeLine()
        } else {
            OutputWriter.standardOutput.write(Self.text(diff, from: from, to: to))
        }
    }

    /// Parses an article of the corpus, named in errors by its path inside it.
    static func parse(_ path: String, in library: CorpusLibrary) throws -> Article {
        do {
            return try SnapshotParser.parse(fileAt: library.index.root + "/" + path, displayName: path)
        } catch {
            throw UserFacingError(error.description)
        }
    }

    /// The contract's shape: the title change or null, then the blocks.
    static func json(_ diff: ArticleDiff) -> JSONValue {
        let title: JSONValue = diff.title.map { .object([("from", .string($0.from)), ("to", .string($0.to))]) } ?? .null
        let source: JSONValue = diff.source.map { .object([("from", .optional($0.from)), ("to", .optional($0.to))]) } ?? .null
        return .object([
            ("title", title),
            ("blocks", .array(diff.blocks.map { block in
                .object([("change", .string(block.change.rawValue)), ("from", .optional(block.from)), ("to", .optional(block.to))])
            })),
            // Added after the first shape (CONTRACT.md: fields are only added).
            ("sameStory", .bool(!diff.differentStories)),
            ("scriptOnly", .bool(diff.scriptOnly)),
            ("source", source),
        ])
    }

    /// For people: one heading line a change, then its text, whole (a diff
    /// cut at the terminal's edge would hide what changed).
    /// The first line says what kind of difference it is, when it is more
    /// than an edit: two stories, the other script, another source.
    static func text(_ diff: ArticleDiff, from file: String, to other: String) -> String {
        var out = diff.headline.map { visible($0) + "\n" } ?? ""
        out += "--- \(visible(file))\n+++ \(visible(other))\n"
        if diff.isEmpty { return out + ArticleDiff.noDifferences + "\n" }
        // The headline said it all: marking every other character says nothing more.
        if diff.scriptOnly { return out }
        let marks = diff.marksCharacters
        if let title = diff.title {
            out += "\n\(ArticleDiff.titleLabel)\n  " + (marks ? marked(title.pieces) : whole(title.from, title.to)) + "\n"
        }
        for block in diff.blocks {
            let text = switch block.change {
            case .changed: marks ? marked(block.pieces) : whole(block.from ?? "", block.to ?? "")
            case .removed: "[-\(visible(block.from ?? ""))-]"
            case .added: "{+\(visible(block.to ?? ""))+}"
            }
            out += "\n\(block.label)\n  \(text)\n"
        }
        return out
    }

    /// The old text deleted whole, the new inserted whole, one a line.
    static func whole(_ old: String, _ new: String) -> String {
        "[-" + visible(old) + "-]\n  {+" + visible(new) + "+}"
    }

    /// The pieces with `[-deleted-]` and `{+inserted+}` marks.
    static func marked(_ pieces: [TextDiffPiece]) -> String {
        pieces.map { piece in
            switch piece {
            case .same(let text): visible(text)
            case .deleted(let text): "[-" + visible(text) + "-]"
            case .inserted(let text): "{+" + visible(text) + "+}"
            }
        }.joined()
    }

    /// Text from the files with control characters as visible stand-ins.
    static func visible(_ text: String) -> String {
        TerminalText.visible(text, in: .oneLine)
    }
}
