/// The article pane: the lines `update` laid out for it, from its scroll.
enum ArticleView {
    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        let article = model.article
        let textWidth = max(1, rect.width - 2)
        let lines = article.lines
        let bodyHeight = max(0, rect.height - 1)
        var detail = ""
        if !lines.isEmpty {
            let last = min(lines.count, article.scroll + bodyHeight)
            detail = lines.count <= bodyHeight ? "all" : "\(article.scroll + 1)-\(last)/\(lines.count) \(last * 100 / max(1, lines.count))%"
        }
        // The script it is shown in (`z`), when not its own: 简体, 繁體, or 繁體… while OpenCC works.
        let script = article.script.label
        if !script.isEmpty { detail = detail.isEmpty ? script : script + " · " + detail }
        ScreenView.paneTitle(model, rect, pane: .article, detail: detail, into: &screen)
        guard bodyHeight > 0 else { return }
        if article.document == nil {
            let text = article.wanted != nil ? "Opening…" : "No article selected."
            screen.write(text, x: rect.x + 1, y: rect.y + 1, limit: rect.width - 1, role: .dim)
            return
        }
        for row in 0..<bodyHeight {
            let index = article.scroll + row
            guard index < lines.count else { break }
            var x = rect.x + 1
            for span in lines[index].spans {
                x += screen.write(span.text, x: x, y: rect.y + 1 + row, limit: max(0, rect.x + 1 + textWidth - x), role: span.role)
            }
        }
    }
}
