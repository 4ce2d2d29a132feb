import ReaderCore
import SnapshotFormat
import SnapshotStore

/// One line per article for the listing commands' text output. Every field
/// from the files passes through `TerminalText` on one line: an ESC in a
/// title or a line feed in a file name cannot reach the terminal or split
/// the row.
enum ListText {
    static func line(_ article: ArticleSummary, width: Int) -> String {
        let date = article.publishedAt?.shortString ?? "                "
        let marks = (article.bookmarked ? "★" : " ") + (article.read ? " " : "•")
        let category = pad(TerminalText.visible(article.category ?? ""), to: 8)
        // 16 + 1 + 2 + 1 + 8 + 1 columns: the head is always 29 wide.
        let head = date + " " + marks + " " + category + " "
        let text = TerminalText.visible(article.title) + "  " + TerminalText.visible(article.path)
        return head + DisplayWidth.truncate(text, to: max(10, width - 29))
    }

    /// Text from the files on one line, control characters as visible
    /// stand-ins, cut to `width` columns.
    static func cut(_ text: String, to width: Int) -> String {
        DisplayWidth.truncate(TerminalText.visible(text, in: .oneLine), to: width)
    }

    /// The same line for a search result read from the index files, written
    /// as bytes (`scratch` is reused between calls).
    static func append(_ hit: HitView, width: Int, into out: inout [UInt8], scratch: inout [UInt8]) {
        if let published = hit.publishedAt { published.appendShort(to: &out) } else { out += repeatElement(0x20, count: 16) }
        out.append(0x20)
        out += (hit.bookmarked ? "★" : " ").utf8
        out += (hit.read ? " " : "•").utf8
        out.append(0x20)
        out += pad(hit.category.map { TerminalText.visible(String(decoding: $0, as: UTF8.self)) } ?? "", to: 8).utf8
        out.append(0x20)
        scratch.removeAll(keepingCapacity: true)
        TerminalText.append(hit.title, to: &scratch)
        scratch += [0x20, 0x20]
        TerminalText.append(hit.path, to: &scratch)
        appendCut(scratch, width: max(10, width - 29), into: &out)
    }

    /// Cleaned UTF-8 `text` cut to `width` columns with "…", into `out`.
    static func appendCut(_ text: [UInt8], width: Int, into out: inout [UInt8]) {
        let fit = text.withUnsafeBufferPointer { DisplayWidth.cut(utf8: $0, to: width) }
        switch fit {
        case .whole: out += text
        case .at(let length):
            out += text[..<length]
            out += "…".utf8
        case .complex:
            out += DisplayWidth.truncate(String(decoding: text, as: UTF8.self), to: width).utf8
        }
    }

    static func pad(_ text: String, to width: Int) -> String {
        let truncated = DisplayWidth.truncate(text, to: width)
        return truncated + String(repeating: " ", count: max(0, width - DisplayWidth.of(truncated)))
    }
}
