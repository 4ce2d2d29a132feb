import SnapshotFormat
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
    /// when it is a search result. The row's size is bounded first (a field
    /// with nothing to escape is copied as it is; escaping makes one at most
    /// `JSONValue.escapedBound`), room for it made once, and
    /// the row written into it: a million rows cost no more than their bytes.
    static func writeListItem(_ hit: HitView, snippet: Bool = true, copies: CopyCounts, into out: inout [UInt8]) {
        let fields = RowFields(hit, snippet: snippet)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fields.bound) { room in
            guard let start = room.baseAddress else { return }
            var row = RowWriter(cursor: start)
            row.put(Bytes.open)
            row.put(Bytes.file, fields.path)
            row.put(Bytes.id, fields.id)
            row.put(Bytes.title, fields.title)
            row.put(Bytes.category, fields.category)
            row.put(Bytes.published)
            if let published = hit.publishedAt {
                row.put(0x22)
                published.writeISO8601(at: row.cursor)
                row.cursor += SnapshotTime.iso8601Length
                row.put(0x22)
            } else {
                row.put(Bytes.null)
            }
            row.put(Bytes.source, fields.source)
            row.put(Bytes.bookmarked)
            row.put(hit.bookmarked ? Bytes.true : Bytes.false)
            row.put(Bytes.read)
            row.put(hit.read ? Bytes.true : Bytes.false)
            row.put(Bytes.copies)
            row.putDecimal(copies[hit.docno])
            if let text = fields.snippet {
                row.put(Bytes.snippet)
                row.put(0x22)
                if hit.snippetCutBefore { row.put(Bytes.ellipsis) }
                row.putString(text)
                if hit.snippetCutAfter { row.put(Bytes.ellipsis) }
                row.put(0x22)
            }
            row.put(Bytes.close)
            // Past the room is memory of others: stop rather than go on.
            precondition(row.cursor - start <= fields.bound, "a row outgrew its bound")
            out.append(contentsOf: UnsafeBufferPointer(start: start, count: row.cursor - start))
        }
    }

    /// A string field of a row: its bytes, and whether they need escaping.
    private struct RowField {
        var bytes: UnsafeRawBufferPointer
        /// How many of its first bytes need no escaping.
        var plainLength: Int

        init?(_ bytes: UnsafeRawBufferPointer?) {
            guard let bytes else { return nil }
            self.bytes = bytes
            plainLength = JSONValue.plainLength(bytes)
        }

        var plain: Bool { plainLength == bytes.count }

        /// The most it takes written, quotes included.
        var bound: Int { (plain ? bytes.count : JSONValue.escapedBound(bytes.count)) + 2 }
    }

    /// The string fields of a row, and the most the row takes written.
    private struct RowFields {
        var path, id, title, category, source, snippet: RowField?
        var bound: Int

        init(_ hit: HitView, snippet: Bool) {
            path = RowField(hit.path)
            id = RowField(hit.id)
            title = RowField(hit.title)
            category = RowField(hit.category)
            source = RowField(hit.source)
            self.snippet = snippet ? RowField(hit.snippet) : nil
            // The keys, `null`s, booleans, time, count and ellipses take
            // fewer than 400 bytes together.
            bound = 400 + (path?.bound ?? 0) + (id?.bound ?? 0) + (title?.bound ?? 0) + (category?.bound ?? 0)
                + (source?.bound ?? 0) + (self.snippet?.bound ?? 0)
        }
    }

    /// Writes a row into room made for it (`RowFields.bound`).
    private struct RowWriter {
        var cursor: UnsafeMutablePointer<UInt8>

        /// One byte.
        mutating func put(_ byte: UInt8) {
            cursor.pointee = byte
            cursor += 1
        }

        /// A literal's bytes.
        mutating func put(_ text: StaticString) {
            cursor.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            cursor += text.utf8CodeUnitCount
        }

        /// A key, then its string value or `null`.
        mutating func put(_ key: StaticString, _ value: RowField?) {
            put(key)
            guard let value else { return put(Bytes.null) }
            put(0x22)
            putString(value)
            put(0x22)
        }

        /// The inside of a string, escaped where it needs to be.
        mutating func putString(_ field: RowField) {
            guard let base = field.bytes.baseAddress else { return }
            if field.plain {
                cursor.update(from: base.assumingMemoryBound(to: UInt8.self), count: field.bytes.count)
                cursor += field.bytes.count
            } else {
                cursor += JSONValue.writeEscaped(field.bytes, at: cursor, plain: field.plainLength)
            }
        }

        /// A number in decimal digits.
        mutating func putDecimal(_ value: Int) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            if value < 0 { put(0x2D) }
            var rest = value.magnitude
            var count = 0
            withUnsafeMutableBytes(of: &digits) { digits in
                repeat {
                    digits[count] = UInt8(48 + rest % 10)
                    rest /= 10
                    count += 1
                } while rest > 0
                while count > 0 {
                    count -= 1
                    put(digits[count])
                }
            }
        }
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
