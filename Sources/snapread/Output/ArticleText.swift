import ReaderCore
import SnapshotFormat

/// The plain-text rendering of `snapread show`: title, one meta line, the body
/// wrapped at display width, the footer facts and the related items. Every
/// field from the file is cleaned of control characters before it is
/// wrapped, so widths are those of what is printed.
enum ArticleText {
    static func render(_ article: Article, width: Int) -> String {
        let width = max(width, 20)
        let article = cleaned(article)
        var out: [String] = []
        out += LineBreaker.wrap(article.title, width: width)
        let meta = [article.category, article.publishedAt?.shortString, article.source, article.byline]
            .compactMap { $0 }.joined(separator: " · ")
        if !meta.isEmpty { out += LineBreaker.wrap(meta, width: width) }
        out.append(String(repeating: "─", count: min(width, 60)))
        if let note = article.editorNote {
            out.append("")
            out += LineBreaker.wrap(article.editorNoteLabel + note, width: width - 2).map { "│ " + $0 }
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

    /// The article with every text field passed through `TerminalText`.
    static func cleaned(_ article: Article) -> Article {
        func clean(_ text: String) -> String { TerminalText.visible(text) }
        var article = article
        article.title = clean(article.title)
        article.category = article.category.map(clean)
        article.source = article.source.map(clean)
        article.byline = article.byline.map(clean)
        article.editorNote = article.editorNote.map(clean)
        for index in article.body.indices { article.body[index].text = clean(article.body[index].text) }
        article.snapshot.site = article.snapshot.site.map(clean)
        article.snapshot.originalURL = article.snapshot.originalURL.map(clean)
        for index in article.related.indices {
            article.related[index].title = article.related[index].title.map(clean)
            article.related[index].excerpt = clean(article.related[index].excerpt)
        }
        article.warnings = article.warnings.map(clean)
        return article
    }
}
