import SnapshotFormat

/// The JSON shapes of CONTRACT.md for the parser's model.
enum ArticleJSON {
    static func article(_ article: Article, file: String) -> JSONValue {
        .object([
            ("file", .string(file)),
            ("id", .string(article.id)),
            ("title", .string(article.title)),
            ("category", .optional(article.category)),
            ("publishedAt", .optional(article.publishedAt?.iso8601)),
            ("source", .optional(article.source)),
            ("byline", .optional(article.byline)),
            ("editorNote", .optional(article.editorNote)),
            ("body", .array(article.body.map { block in
                .object([("kind", .string(block.kind.rawValue)), ("text", .string(block.text))])
            })),
            ("snapshot", .object([
                ("site", .optional(article.snapshot.site)),
                ("capturedAt", .optional(article.snapshot.capturedAt?.iso8601)),
                ("originalURL", .optional(article.snapshot.originalURL)),
            ])),
            ("related", .array(article.related.map { relatedItem($0) })),
            ("moreCategory", .optional(article.moreCategory)),
            ("warnings", .array(article.warnings.map { .string($0) })),
        ])
    }

    static func relatedItem(_ item: RelatedItem, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([
            ("title", .optional(item.title)),
            ("excerpt", .string(item.excerpt)),
            ("publishedAt", .optional(item.publishedAt?.iso8601)),
        ] + extra)
    }
}
