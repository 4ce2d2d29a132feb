import SnapshotStore

/// The JSON shapes of CONTRACT.md for index results.
enum SummaryJSON {
    /// `{"file", "id", "title", "category", "publishedAt", "source", "bookmarked", "read", "copies"}`
    /// (and `"snippet"` for search), written straight into the output at
    /// indent level 1: a hundred thousand of them print in a blink.
    static func writeListItem(_ article: ArticleSummary, snippet: String? = nil, copies: CopyCounts, into out: inout [UInt8]) {
        func string(_ key: StaticString, _ value: String?) {
            out.append(static: key)
            if let value { JSONValue.writeString(value, to: &out) } else { out.append(static: Bytes.null) }
        }
        out.append(static: Bytes.open)
        string(Bytes.file, article.path)
        string(Bytes.id, article.id)
        string(Bytes.title, article.title)
        string(Bytes.category, article.category)
        string(Bytes.published, article.publishedAt?.iso8601)
        string(Bytes.source, article.source)
        out.append(static: Bytes.bookmarked)
        out.append(static: article.bookmarked ? Bytes.true : Bytes.false)
        out.append(static: Bytes.read)
        out.append(static: article.read ? Bytes.true : Bytes.false)
        out.append(static: Bytes.copies)
        out += String(copies[article.docno]).utf8
        if let snippet { string(Bytes.snippet, snippet) }
        out.append(static: Bytes.close)
    }

    /// The same for an article read from the index files, with its snippet
    /// when it is a search result.
    static func writeListItem(_ hit: HitView, snippet: Bool = true, copies: CopyCounts, into out: inout [UInt8]) {
        func string(_ key: StaticString, _ value: UnsafeRawBufferPointer?) {
            out.append(static: key)
            guard let value else {
                out.append(static: Bytes.null)
                return
            }
            out.append(0x22)
            JSONValue.writeEscaped(value, to: &out)
            out.append(0x22)
        }
        out.append(static: Bytes.open)
        string(Bytes.file, hit.path)
        string(Bytes.id, hit.id)
        string(Bytes.title, hit.title)
        string(Bytes.category, hit.category)
        out.append(static: Bytes.published)
        if let published = hit.publishedAt {
            out.append(0x22)
            published.appendISO8601(to: &out)
            out.append(0x22)
        } else {
            out.append(static: Bytes.null)
        }
        string(Bytes.source, hit.source)
        out.append(static: Bytes.bookmarked)
        out.append(static: hit.bookmarked ? Bytes.true : Bytes.false)
        out.append(static: Bytes.read)
        out.append(static: hit.read ? Bytes.true : Bytes.false)
        out.append(static: Bytes.copies)
        out += String(copies[hit.docno]).utf8
        if snippet {
            out.append(static: Bytes.snippet)
            out.append(0x22)
            if hit.snippetCutBefore { out.append(static: Bytes.ellipsis) }
            JSONValue.writeEscaped(hit.snippet, to: &out)
            if hit.snippetCutAfter { out.append(static: Bytes.ellipsis) }
            out.append(0x22)
        }
        out.append(static: Bytes.close)
    }

    /// The fixed parts of a list item, as bytes.
    private enum Bytes {
        static let open: StaticString = "{\n"
        static let file: StaticString = "    \"file\": "
        static let id: StaticString = ",\n    \"id\": "
        static let title: StaticString = ",\n    \"title\": "
        static let category: StaticString = ",\n    \"category\": "
        static let published: StaticString = ",\n    \"publishedAt\": "
        static let source: StaticString = ",\n    \"source\": "
        static let bookmarked: StaticString = ",\n    \"bookmarked\": "
        static let read: StaticString = ",\n    \"read\": "
        static let copies: StaticString = ",\n    \"copies\": "
        static let snippet: StaticString = ",\n    \"snippet\": "
        static let close: StaticString = "\n  }"
        static let null: StaticString = "null"
        static let ellipsis: StaticString = "…"
        static let `true`: StaticString = "true"
        static let `false`: StaticString = "false"
    }

    /// `{"file", "id", "title"}` of an article, then `extra`: the head of
    /// every row that names an article (`backlinks`, `thread`, `copies`).
    static func link(_ article: ArticleSummary, extra: [(String, JSONValue)] = []) -> JSONValue {
        link(file: article.path, id: article.id, title: article.title, extra: extra)
    }

    /// The same from its three values.
    static func link(file: String, id: String, title: String, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("file", .string(file)), ("id", .string(id)), ("title", .string(title))] + extra)
    }
}

extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes (no array is made for the literal).
    @inline(__always)
    mutating func append(static text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }
}
