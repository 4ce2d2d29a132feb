/// The article list: one row per article from the rows loaded into the model
/// (a row not loaded yet shows `…`), search hits highlighted in titles.
enum ListView {
    /// Columns a title keeps before a row's ×N gives way: eight Chinese characters.
    static let minimumTitleWidth = 16

    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        let list = model.list
        let position = list.order.isEmpty ? "0/0" : "\(list.selected + 1)/\(list.order.count)"
        ScreenView.paneTitle(model, rect, pane: .list, detail: position, into: &screen)
        guard rect.height > 1 else { return }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        if list.order.isEmpty {
            let text = model.indexing != nil && model.filter.isEmpty ? "Indexing… articles appear as they are read." :
                (model.filter.isEmpty && model.prompt == nil ? "No articles in this corpus."
                    : "No articles match: \(model.activeFilterSummary)  (C clears the filters)")
            for (offset, line) in LineBreaker.wrap(text, width: max(1, body.width - 2)).prefix(body.height).enumerated() {
                screen.write(line, x: body.x + 1, y: body.y + offset, limit: body.width - 1, role: .dim)
            }
            return
        }
        let terms = model.highlightTerms
        let wideDate = body.width >= 60
        let unreadWidth = DisplayWidth.of("•", mode: screen.widthMode)
        let bookmarkWidth = DisplayWidth.of("★", mode: screen.widthMode)
        let end = min(list.order.count, list.top + body.height)
        for index in list.top..<max(list.top, end) {
            let y = body.y + index - list.top
            var x = body.x
            guard let row = list.rows[list.order[index]] else {
                screen.write("…", x: x + 1, y: y, limit: 2, role: .dim)
                continue
            }
            // The marks are Ambiguous: two columns each under `ambiguous_width = 2`.
            screen.write(row.read ? " " : "•", x: x, y: y, limit: unreadWidth, role: .unread)
            x += unreadWidth
            screen.write(row.bookmarked ? "★" : " ", x: x, y: y, limit: bookmarkWidth, role: .bookmark)
            x += bookmarkWidth + 1
            if body.width >= 34 {
                let date = row.publishedAt.map { wideDate ? $0.dateString : String($0.dateString.dropFirst(2)) } ?? (wideDate ? "          " : "        ")
                x += screen.write(date, x: x, y: y, limit: body.maxX - x, role: .meta)
                x += 1
            }
            if body.width >= 46, let category = row.category {
                screen.write(DisplayWidth.truncate(category, to: 4), x: x, y: y, limit: 4, role: .meta)
                x += 5
            }
            var titleWidth = max(0, body.maxX - x)
            // ×N: the snapshots of the row's story, itself included, at the row's end; it gives way
            // when the title would keep fewer than `minimumTitleWidth` columns.
            let badge = row.copies > 0 ? "×\(row.copies + 1)" : ""
            let badgeWidth = DisplayWidth.of(badge, mode: screen.widthMode)
            if !badge.isEmpty, titleWidth - badgeWidth - 1 >= minimumTitleWidth {
                titleWidth -= badgeWidth + 1
                screen.write(badge, x: body.maxX - badgeWidth, y: y, limit: badgeWidth, role: .meta)
            }
            let title = DisplayWidth.truncate(row.title, to: titleWidth)
            let line = ArticleLayout.highlight(StyledLine([(title, row.read ? .normal : .unread)]), terms: terms)
            let titleEnd = x + titleWidth
            for span in line.spans {
                x += screen.write(span.text, x: x, y: y, limit: max(0, titleEnd - x), role: span.role)
            }
            if index == list.selected {
                screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: model.focus == .list ? .selection : .selectionInactive)
            }
        }
    }
}
