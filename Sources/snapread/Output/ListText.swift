import ReaderCore
import SnapshotStore

/// One line per article for the listing commands' text output.
enum ListText {
    static func line(_ article: ArticleSummary, width: Int) -> String {
        let date = article.publishedAt?.shortString ?? "                "
        let marks = (article.bookmarked ? "★" : " ") + (article.read ? " " : "•")
        let category = pad(article.category ?? "", to: 8)
        // 16 + 1 + 2 + 1 + 8 + 1 columns: the head is always 29 wide.
        let head = date + " " + marks + " " + category + " "
        let rest = DisplayWidth.truncate(article.title + "  " + article.path, to: max(10, width - 29))
        return head + rest
    }

    /// The same line for a search result read from the index files, written
    /// as bytes (`scratch` is reused between calls).
    static func append(_ hit: HitView, width: Int, into out: inout [UInt8], scratch: inout [UInt8]) {
        if let published = hit.publishedAt { published.appendShort(to: &out) } else { out += repeatElement(0x20, count: 16) }
        out.append(0x20)
        out += (hit.bookmarked ? "★" : " ").utf8
        out += (hit.read ? " " : "•").utf8
        out.append(0x20)
        out += pad(hit.category.map { String(decoding: $0, as: UTF8.self) } ?? "", to: 8).utf8
        out.append(0x20)
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: hit.title)
        scratch += [0x20, 0x20]
        scratch.append(contentsOf: hit.path)
        let fit = scratch.withUnsafeBufferPointer { DisplayWidth.cut(utf8: $0, to: max(10, width - 29)) }
        switch fit {
        case .whole: out += scratch
        case .at(let length):
            out += scratch[..<length]
            out += "…".utf8
        case .complex:
            out += DisplayWidth.truncate(String(decoding: scratch, as: UTF8.self), to: max(10, width - 29)).utf8
        }
    }

    static func pad(_ text: String, to width: Int) -> String {
        let truncated = DisplayWidth.truncate(text, to: width)
        return truncated + String(repeating: " ", count: max(0, width - DisplayWidth.of(truncated)))
    }
}
