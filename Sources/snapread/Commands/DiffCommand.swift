import ArgumentParser
import Foundation
import SnapshotFormat

/// `snapread diff DIR FILE OTHER`: what changed from one snapshot of a story
/// to another.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed from FILE to OTHER: the title, and paragraphs added, removed and changed.",
        discussion: """
        Inside a changed paragraph the text output marks deleted characters [-so-] and inserted ones {+so+}.

        Examples:
          snapread diff ~/news 000_088c11af44b8187a.txt 412_9c1d0e5f6a7b8c9d.txt
          snapread diff ~/news a.txt b.txt --json | jq -r '.blocks[] | select(.change == "changed") | .to'
        """
    )

    @Argument(help: "The corpus folder FILE and OTHER are in.")
    var dir: String

    @Argument(help: "The older snapshot: a path inside DIR.")
    var file: String

    @Argument(help: "The newer snapshot: a path inside DIR.")
    var other: String

    @Flag(help: "Print JSON (the shape of CONTRACT.md).")
    var json = false

    func run() throws {
        let old = try Self.parse(file, in: dir)
        let new = try Self.parse(other, in: dir)
        let diff = ArticleDiff(from: old, to: new)
        if json {
            Self.json(diff).writeLine()
        } else {
            OutputWriter.standardOutput.write(Self.text(diff, from: file, to: other))
        }
    }

    /// Parses FILE as a path inside DIR, or as given when it is not there.
    static func parse(_ file: String, in dir: String) throws -> Article {
        let inside = (dir as NSString).appendingPathComponent(file)
        let path = FileManager.default.fileExists(atPath: inside) ? inside : file
        do {
            return try SnapshotParser.parse(fileAt: path)
        } catch {
            throw UserFacingError(error.description)
        }
    }

    /// The contract's shape: the title change or null, then the blocks.
    static func json(_ diff: ArticleDiff) -> JSONValue {
        let title: JSONValue = diff.title.map { .object([("from", .string($0.from)), ("to", .string($0.to))]) } ?? .null
        return .object([
            ("title", title),
            ("blocks", .array(diff.blocks.map { block in
                .object([("change", .string(block.change.rawValue)), ("from", .optional(block.from)), ("to", .optional(block.to))])
            })),
        ])
    }

    /// For people: one heading line a change, then its text, whole (a diff
    /// cut at the terminal's edge would hide what changed).
    static func text(_ diff: ArticleDiff, from file: String, to other: String) -> String {
        var out = "--- \(visible(file))\n+++ \(visible(other))\n"
        if diff.isEmpty { return out + "no differences in title or text\n" }
        if let title = diff.title {
            out += "\ntitle changed:\n  \(marked(title.pieces))\n"
        }
        for block in diff.blocks {
            let kind = block.kind == .heading ? "heading" : "paragraph"
            switch block.change {
            case .changed:
                out += "\n\(kind) \((block.fromIndex ?? 0) + 1) changed (now \((block.toIndex ?? 0) + 1)):\n  \(marked(block.pieces))\n"
            case .removed:
                out += "\n\(kind) \((block.fromIndex ?? 0) + 1) removed:\n  [-\(visible(block.from ?? ""))-]\n"
            case .added:
                out += "\n\(kind) \((block.toIndex ?? 0) + 1) added:\n  {+\(visible(block.to ?? ""))+}\n"
            }
        }
        return out
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
