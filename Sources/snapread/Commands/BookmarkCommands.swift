import ArgumentParser
import Foundation
import SnapshotFormat
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
            do {
                try library.userData.addBookmark(Bookmark(
                    articleID: article.id, title: article.title, corpus: library.index.root, path: path,
                    category: article.category, published: article.publishedAt?.epochSeconds))
            } catch let error as UserDataWriteError {
                throw UserFacingError(error.description)
            }
            print("bookmarked: \(article.title)")
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
            guard removed else { throw UserFacingError("\(path): not bookmarked") }
            print("removed bookmark: \(path)")
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
        if json {
            print(JSONValue.array(rows.map { row in
                .object([
                    ("file", .string(row.path)),
                    ("id", .string(row.bookmark.articleID)),
                    ("title", .string(row.bookmark.title)),
                    ("category", .optional(row.bookmark.category)),
                    ("publishedAt", .optional(row.bookmark.published.map { SnapshotTime(epochSeconds: $0).iso8601 })),
                    ("corpus", .string(row.corpus)),
                    ("bookmarkedAt", .string(SnapshotTime(epochSeconds: row.bookmark.created).iso8601)),
                ])
            }).rendered())
        } else if markdown {
            print("# Bookmarks\n")
            for row in rows {
                let meta = [row.bookmark.category, row.bookmark.published.map { SnapshotTime(epochSeconds: $0).dateString }]
                    .compactMap { $0 }.joined(separator: " · ")
                let link = (row.corpus + "/" + row.path).replacingOccurrences(of: " ", with: "%20")
                print("- [\(row.bookmark.title.replacingOccurrences(of: "]", with: "\\]"))](\(link))" + (meta.isEmpty ? "" : " — \(meta)"))
            }
        } else {
            for row in rows {
                let date = row.bookmark.published.map { SnapshotTime(epochSeconds: $0).dateString } ?? "          "
                print("\(date)  \(row.bookmark.title)  \(row.corpus)/\(row.path)")
            }
        }
    }
}
