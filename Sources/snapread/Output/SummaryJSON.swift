import SnapshotStore

/// The JSON shapes of CONTRACT.md for index results.
enum SummaryJSON {
    static func listItem(_ article: ArticleSummary, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([
            ("file", .string(article.path)),
            ("id", .string(article.id)),
            ("title", .string(article.title)),
            ("category", .optional(article.category)),
            ("publishedAt", .optional(article.publishedAt?.iso8601)),
            ("source", .optional(article.source)),
            ("bookmarked", .bool(article.bookmarked)),
            ("read", .bool(article.read)),
        ] + extra)
    }

    static func link(_ article: ArticleSummary) -> JSONValue {
        .object([("file", .string(article.path)), ("id", .string(article.id)), ("title", .string(article.title))])
    }
}
