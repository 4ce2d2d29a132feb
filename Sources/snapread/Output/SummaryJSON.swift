import SnapshotStore

/// The JSON shapes of CONTRACT.md for index results.
enum SummaryJSON {
    /// `{"file", "id", "title", "category", "publishedAt", "source", "bookmarked", "read"}`
    /// (and `"snippet"` for search), written straight into the output at
    /// indent level 1: a hundred thousand of them print in a blink.
    static func writeListItem(_ article: ArticleSummary, snippet: String? = nil, into out: inout [UInt8]) {
        func string(_ key: [UInt8], _ value: String?) {
            out.append(contentsOf: key)
            if let value { JSONValue.writeString(value, to: &out) } else { out.append(contentsOf: Bytes.null) }
        }
        out.append(contentsOf: Bytes.open)
        string(Bytes.file, article.path)
        string(Bytes.id, article.id)
        string(Bytes.title, article.title)
        string(Bytes.category, article.category)
        string(Bytes.published, article.publishedAt?.iso8601)
        string(Bytes.source, article.source)
        out.append(contentsOf: Bytes.bookmarked)
        out.append(contentsOf: article.bookmarked ? Bytes.true : Bytes.false)
        out.append(contentsOf: Bytes.read)
        out.append(contentsOf: article.read ? Bytes.true : Bytes.false)
        if let snippet { string(Bytes.snippet, snippet) }
        out.append(contentsOf: Bytes.close)
    }

    /// The same for a search result read from the index files (with its snippet).
    static func writeListItem(_ hit: HitView, into out: inout [UInt8]) {
        func string(_ key: [UInt8], _ value: UnsafeRawBufferPointer?) {
            out.append(contentsOf: key)
            guard let value else {
                out.append(contentsOf: Bytes.null)
                return
            }
            out.append(0x22)
            JSONValue.writeEscaped(value, to: &out)
            out.append(0x22)
        }
        out.append(contentsOf: Bytes.open)
        string(Bytes.file, hit.path)
        string(Bytes.id, hit.id)
        string(Bytes.title, hit.title)
        string(Bytes.category, hit.category)
        out.append(contentsOf: Bytes.published)
        if let published = hit.publishedAt { JSONValue.writeString(published.iso8601, to: &out) } else { out.append(contentsOf: Bytes.null) }
        string(Bytes.source, hit.source)
        out.append(contentsOf: Bytes.bookmarked)
        out.append(contentsOf: hit.bookmarked ? Bytes.true : Bytes.false)
        out.append(contentsOf: Bytes.read)
        out.append(contentsOf: hit.read ? Bytes.true : Bytes.false)
        out.append(contentsOf: Bytes.snippet)
        out.append(0x22)
        if hit.snippetCutBefore { out.append(contentsOf: Bytes.ellipsis) }
        JSONValue.writeEscaped(hit.snippet, to: &out)
        if hit.snippetCutAfter { out.append(contentsOf: Bytes.ellipsis) }
        out.append(0x22)
        out.append(contentsOf: Bytes.close)
    }

    /// The fixed parts of a list item, as bytes.
    private enum Bytes {
        static let open = Array("{\n".utf8)
        static let file = Array("    \"file\": ".utf8)
        static let id = Array(",\n    \"id\": ".utf8)
        static let title = Array(",\n    \"title\": ".utf8)
        static let category = Array(",\n    \"category\": ".utf8)
        static let published = Array(",\n    \"publishedAt\": ".utf8)
        static let source = Array(",\n    \"source\": ".utf8)
        static let bookmarked = Array(",\n    \"bookmarked\": ".utf8)
        static let read = Array(",\n    \"read\": ".utf8)
        static let snippet = Array(",\n    \"snippet\": ".utf8)
        static let close = Array("\n  }".utf8)
        static let null = Array("null".utf8)
        static let ellipsis = Array("…".utf8)
        static let `true` = Array("true".utf8)
        static let `false` = Array("false".utf8)
    }

    static func link(_ article: ArticleSummary) -> JSONValue {
        .object([("file", .string(article.path)), ("id", .string(article.id)), ("title", .string(article.title))])
    }
}
