/// The related pane: the other snapshots of the story (=) under their section
/// line when there are any, the related items (→ in the corpus, · not), a
/// section line, then the stories that link here (←).
enum RelatedView {
    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        let related = model.related
        let resolved = related.items.filter { $0.target != nil }.count
        let story = related.copies.isEmpty ? "" : "×\(related.copies.count + 1) · "
        ScreenView.paneTitle(model, rect, pane: .related, detail: story + "\(resolved)/\(related.items.count) in corpus · \(related.backlinks.count) back",
                             into: &screen)
        guard rect.height > 1 else { return }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        // One line per item, a notice when there are none, the section line, one per backlink.
        var lines: [(entry: Int?, mark: String, date: String?, text: String, role: Role)] = []
        if !related.copies.isEmpty {
            lines.append((nil, "", nil, " ─ other snapshots of this story (\(related.copies.count)) ─", .dim))
            let openTitle = model.article.document?.article.title
            for (index, copy) in related.copies.enumerated() {
                lines.append((index, " = ", nil, copyLine(copy, openTitle: openTitle, compact: body.width < 60, width: body.width - 3), .link))
            }
        }
        let items = related.copies.count
        for (index, row) in related.items.enumerated() {
            let role: Role = row.target == nil ? .unresolved : .link
            lines.append((items + index, row.target == nil ? " · " : " → ", row.item.publishedAt?.dateString,
                          row.target?.title ?? row.item.title ?? row.item.excerpt, role))
        }
        if related.loading || model.article.wanted != nil && model.article.document == nil {
            lines.append((nil, "", nil, " resolving related stories…", .dim))
        } else if related.items.isEmpty {
            lines.append((nil, "", nil, " no related items", .dim))
        }
        lines.append((nil, "", nil, related.backlinks.isEmpty ? " ─ not linked from other stories ─" : " ─ linked from (\(related.backlinks.count)) ─", .dim))
        for (index, row) in related.backlinks.enumerated() {
            lines.append((items + related.items.count + index, " ← ", row.publishedAt?.dateString, row.title, .link))
        }
        for row in 0..<body.height {
            let index = related.top + row
            guard index < lines.count else { break }
            let line = lines[index]
            let y = body.y + row
            var x = body.x
            // A mark's width is the mode's: `→` and `·` are two columns under `ambiguous_width = 2`.
            if !line.mark.isEmpty { x += screen.write(line.mark, x: x, y: y, limit: DisplayWidth.of(line.mark, mode: screen.widthMode), role: line.role) }
            if let date = line.date, body.width >= 30 {
                x += screen.write(String(date.dropFirst(2)), x: x, y: y, limit: body.maxX - x, role: .meta)
                x += 1
            }
            screen.write(DisplayWidth.truncate(line.text, to: max(0, body.maxX - x)), x: x, y: y, limit: max(0, body.maxX - x), role: line.role)
            if let entry = line.entry, entry == related.selected {
                screen.restyle(Rect(x: body.x, y: y, width: body.width, height: 1), role: model.focus == .related ? .selection : .selectionInactive)
            }
        }
    }

    /// A copy as its line says it: publish time, source, capture time, and
    /// the title when it is not the open one's (an edit's new title).
    /// `compact` (a narrow pane) drops the years and the separators, so the
    /// three facts fit in 40 columns with a source of four characters (the
    /// title is left out); given the `width` the line has, a longer source is
    /// cut so that the capture time stays whole.
    static func copyLine(_ copy: CopySummary, openTitle: String?, compact: Bool = false, width: Int? = nil) -> String {
        let cut = compact ? 5 : 2
        let published = copy.publishedAt.map { String($0.shortString.dropFirst(cut)) } ?? "undated"
        let captured = copy.capturedAt.map { "快照 " + String($0.shortString.dropFirst(cut)) }
        var source = copy.source ?? "no source"
        if compact, let width {
            let others = DisplayWidth.of(published) + 1 + (captured.map { DisplayWidth.of($0) + 1 } ?? 0)
            source = DisplayWidth.truncate(source, to: max(4, width - others))
        }
        let parts = [published, source] + (captured.map { [$0] } ?? [])
        var line = parts.joined(separator: compact ? " " : " · ")
        if copy.title != openTitle, !compact { line += " · " + copy.title }
        return line
    }
}
