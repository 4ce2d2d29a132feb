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

    static func pad(_ text: String, to width: Int) -> String {
        let truncated = DisplayWidth.truncate(text, to: width)
        return truncated + String(repeating: " ", count: max(0, width - DisplayWidth.of(truncated)))
    }
}
