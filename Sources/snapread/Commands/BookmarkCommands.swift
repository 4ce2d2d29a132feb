import ArgumentParser
import Foundation
import SnapshotFormat
import ReaderCore
import SnapshotStore

/// `snapread bookmark add|remove DIR FILE`.
struct BookmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookmark",
        abstract: "Add or remove a bookmark. Bookmarks follow the article, not the file: they survive moves, renames and re-crawls.",
        subcommands: [Add.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bookmark FILE.", discussion: "Example: snapread bookmark add ~/news 000_088c11af44b8187a.txt")

        @OptionGroup var corpus: CorpusOptions
        @Argument(help: "The article: a path inside DIR.") var file: String

        func run() throws {
            let library = try corpus.openLibrary(update: false, reportUserDataProblem: false)
            let path = corpus.relativePath(file, in: library)
            let article: Article
            do {
                article = try SnapshotParser.parse(fileAt: library.index.root + "/" + path, displayName: path)
            } catch {
                throw UserFacingError(error.description)
            }
            let already: Bool
            do {
                already = try library.userData.isBookmarked(article.id)
            } catch {
                throw UserFacingError("\(library.userData.path): cannot be read (\(error))")
            }
            do {
                // Written again even so: the path and title follow the file.
                try library.userData.addBookmark(Bookmark(
                    articleID: article.id, title: article.title, corpus: library.index.root, path: path,
                    category: article.category, published: article.publishedAt?.epochSeconds))
            } catch let error as UserDataWriteError {
                throw UserFacingError(error.description)
            }
            OutputWriter.standardOutput.line((already ? "already bookmarked: " : "bookmarked: ") + TerminalText.visible(article.title, in: .oneLine))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove FILE's bookmark.", discussion: "Example: snapread bookmark remove ~/news 000_088c11af44b8187a.txt")

        @OptionGroup var corpus: CorpusOptions
        @Argument(help: "The article: a path inside DIR.") var file: String

        func run() throws {
            let library = try corpus.openLibrary(update: false, reportUserDataProblem: false)
            let path = corpus.relativePath(file, in: library)
            var removed = false
            do {
                if let article = try? SnapshotParser.parse(fileAt: library.index.root + "/" + path, displayName: path) {
                    removed = try library.userData.removeBookmark(articleID: article.id)
                }
                if !removed { removed = try library.userData.removeBookmark(corpus: library.index.root, path: path) }
            } catch let error as UserDataWriteError {
                throw UserFacingError(error.description)
            }
            guard removed else {
                // A bookmark outlives its file (it is kept by the article's id), so
                // "not bookmarked" would be wrong to say of a name that is not there.
                if access(library.index.root + "/" + path, F_OK) != 0 {
                    throw UserFacingError("\(path): no such file in \(library.index.root)")
                }
                throw UserFacingError("\(path): not bookmarked")
            }
            OutputWriter.standardOutput.line("removed bookmark: \(TerminalText.visible(path))")
        }
    }
}

/// `snapread bookmarks [DIR] [--json | --markdown]`.
struct BookmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookmarks",
        abstract: "List bookmarks: all of them, or those whose article is in DIR (at its current path).",
        discussion: """
        Examples:
          snapread bookmarks
          snapread bookmarks ~/news --markdown > reading-list.md
          snapread bookmarks --json | jq -r '.[].title'
        """
    )

    @Argument(help: "Only bookmarks of articles in this corpus.")
    var dir: String?

    @Option(name: .customLong("db"), help: "The index database to use with DIR.")
    var databasePath: String?

    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print a Markdown list.") var markdown = false

    func validate() throws {
        if json && markdown { throw ValidationError("choose one of --json and --markdown") }
    }

    func run() throws {
        var rows: [(bookmark: Bookmark, corpus: String, path: String)] = []
        if let dir {
            let library = try CorpusOptions.parse([dir] + (databasePath.map { ["--db", $0] } ?? [])).openLibrary()
            // Where each bookmarked article is now, found by its id.
            var current: [String: String] = [:]
            for article in try library.list(filter: ArticleFilter(bookmarked: true)) where current[article.id] == nil {
                current[article.id] = article.path
            }
            for bookmark in try library.userData.bookmarks() {
                if let path = current[bookmark.articleID] { rows.append((bookmark, library.index.root, path)) }
            }
        } else {
            let userData = UserData(path: StoreLocations().userDatabase)
            if let problem = userData.problem { printError(problem.description) }
            rows = try userData.bookmarks().map { ($0, $0.corpus, $0.path) }
        }
        // Newest first, as `list` sorts (undated last; then the latest bookmarked).
        rows.sort { left, right in
            let (a, b) = (left.bookmark.published ?? Int64.min, right.bookmark.published ?? Int64.min)
            return a != b ? a > b : left.bookmark.created > right.bookmark.created
        }
        let out = OutputWriter.standardOutput
        if json {
            JSONValue.array(rows.map { row in
                .object([
                    ("file", .string(row.path)),
                    ("id", .string(row.bookmark.articleID)),
                    ("title", .string(row.bookmark.title)),
                    ("category", .optional(row.bookmark.category)),
                    ("publishedAt", .optional(row.bookmark.published.map { SnapshotTime(epochSeconds: $0).iso8601 })),
                    ("corpus", .string(row.corpus)),
                    ("bookmarkedAt", .string(SnapshotTime(epochSeconds: row.bookmark.created).iso8601)),
                ])
            }).writeLine()
        } else if markdown {
            var text = "# Bookmarks\n\n"
            for row in rows {
                let meta = [row.bookmark.category.map { TerminalText.visible($0) },
                            row.bookmark.published.map { SnapshotTime(epochSeconds: $0).dateString }]
                    .compactMap { $0 }.joined(separator: " · ")
                let local = row.corpus + "/" + row.path
                // The original address where the snapshot has one (a web
                // address: a file's `javascript:` link is no link to follow),
                // else the snapshot itself.
                let original = (try? SnapshotParser.parse(fileAt: local))?.snapshot.originalURL.flatMap { WebAddress.isOpenable($0) ? $0 : nil }
                let link = Markdown.destination(original ?? local)
                text += "- [\(Markdown.linkText(row.bookmark.title))](\(link))" + (meta.isEmpty ? "" : " — \(meta)") + "\n"
            }
            out.write(text)
        } else {
            let width = TerminalSize.lineColumns()
            for row in rows {
                let date = row.bookmark.published.map { SnapshotTime(epochSeconds: $0).dateString } ?? "          "
                let line = "\(date)  \(TerminalText.visible(row.bookmark.title))  \(TerminalText.visible(row.corpus + "/" + row.path))"
                out.line(DisplayWidth.truncate(line, to: width))
            }
            if rows.isEmpty { reportEmpty(dir == nil ? "no bookmarks yet (b in the reader, or snapread bookmark add)" : "no bookmarks in this corpus") }
        }
    }
}

/// The bits of Markdown syntax that a bookmark list needs.
enum Markdown {
    /// Text shown as a link's text: control characters as stand-ins, the
    /// characters that would end or open a link escaped, and `<` and `&` as
    /// entities (a title `<img onerror=…>` is text, not HTML, in a viewer
    /// that allows inline HTML).
    static func linkText(_ text: String) -> String {
        var out = ""
        for character in TerminalText.visible(text) {
            switch character {
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            default:
                if "\\[]".contains(character) { out.append("\\") }
                out.append(character)
            }
        }
        return out
    }

    /// A link destination: what would end it early (a space, parentheses,
    /// angle brackets) or reach a terminal as a control is percent-encoded.
    static func destination(_ address: String) -> String {
        var out = ""
        for scalar in address.unicodeScalars {
            let value = scalar.value
            if value <= 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || "()<>\\".unicodeScalars.contains(scalar) {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
