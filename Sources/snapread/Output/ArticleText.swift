import ReaderCore
import SnapshotFormat

/// The plain-text rendering of `snapread show`: title, one meta line, the body
/// wrapped at display width, the footer facts and the related items.
enum ArticleText {
    static func render(_ article: Article, width: Int) -> String {
        let width = max(width, 20)
        var out: [String] = []
        out += LineBreaker.wrap(article.title, width: width)
        let meta = [article.category, article.publishedAt?.shortString, article.source, article.byline]
            .compactMap { $0 }.joined(separator: " · ")
        if !meta.isEmpty { out += LineBreaker.wrap(meta, width: width) }
        out.append(String(repeating: "─", count: min(width, 60)))
        if let note = article.editorNote {
            out.append("")
            out += LineBreaker.wrap("【编者按】" + note, width: width - 2).map { "│ " + $0 }
        }
        for block in article.body {
            out.append("")
            switch block.kind {
            case .paragraph: out += LineBreaker.wrap(block.text, width: width)
            case .heading: out += LineBreaker.wrap("■ " + block.text, width: width)
            case .image: out.append(DisplayWidth.truncate("[图片: \(block.text)]", to: width))
            }
        }
        out.append("")
        out.append(String(repeating: "─", count: min(width, 60)))
        var footer: [String] = []
        if let site = article.snapshot.site { footer.append("snapshot by \(site)") }
        if let captured = article.snapshot.capturedAt { footer.append("captured \(captured.shortString)") }
        if !footer.isEmpty { out += LineBreaker.wrap(footer.joined(separator: " · "), width: width) }
        out += LineBreaker.wrap("original: " + (article.snapshot.originalURL ?? "(none)"), width: width)
        if !article.related.isEmpty {
            out.append("")
            out.append("Related (\(article.related.count)):")
            for item in article.related {
                let date = item.publishedAt?.shortString ?? "????-??-?? ??:??"
                var lines = item.title.map { LineBreaker.wrap("《\($0)》", width: width - 19) } ?? []
                lines += LineBreaker.wrap(item.excerpt, width: width - 19)
                for (position, line) in lines.enumerated() {
                    out.append((position == 0 ? date + "   " : String(repeating: " ", count: 19)) + line)
                }
            }
        }
        if !article.warnings.isEmpty {
            out.append("")
            out.append("warnings: " + article.warnings.joined(separator: "; "))
        }
        return out.joined(separator: "\n")
    }
}
