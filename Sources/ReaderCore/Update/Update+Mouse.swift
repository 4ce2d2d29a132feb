extension ReaderModel {
    /// The wheel scrolls the pane under the pointer; a click selects and
    /// focuses; a click on a related story follows it.
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        guard modal == nil else { return [] }
        // A click or a turn of the wheel is a new command, as a key press is: the old message goes.
        message = nil
        let layout = self.layout
        guard let pane = Pane.allCases.first(where: { layout.rect(for: $0)?.contains(x: event.x, y: event.y) == true }) else { return [] }
        switch event.kind {
        case .wheelUp, .wheelDown:
            let step = event.kind == .wheelUp ? -3 : 3
            if pane == .list { return scrollList(by: step) }
            let previous = focus
            focus = pane
            let effects = move(by: step)
            focus = previous
            return effects
        case .press:
            focus = pane
            guard let body = layout.body(of: pane), body.contains(x: event.x, y: event.y) else { return [] }
            let line = event.y - body.y
            switch pane {
            case .list:
                let index = list.top + line
                guard list.order.indices.contains(index) else { return [] }
                return select(index)
            case .article:
                return clickArticle(line: article.scroll + line)
            case .related:
                guard let entry = related.entry(atLine: related.top + line) else { return [] }
                related.selected = entry
                guard let target = related.target(at: entry) else {
                    if related.isItem(entry) { message = "That story is not in this corpus." }
                    return []
                }
                return follow(to: target)
            }
        }
    }

    /// A click in the article: on a snapshot its head lists, that snapshot
    /// opens (as Enter on it in the related pane does); on the count line or
    /// "+N more", the related pane's list of them takes the focus.
    mutating func clickArticle(line: Int) -> [Effect] {
        guard let start = article.copiesLine, let block = article.linesCopies, let hit = block.line(at: line - start) else { return [] }
        switch hit {
        case .copy(let index):
            guard related.copies.indices.contains(index) else { return [] }
            related.selected = index
            return follow(to: related.copies[index].docno)
        case .toList(let entry):
            focus = .related
            related.selected = entry
            return []
        }
    }

    /// The wheel over the list scrolls the view, as in less, tig or a
    /// browser: the selection stays on its row while the row is in view, and
    /// is carried along at the edge when it would leave it (so the article
    /// shown is always one the list shows).
    mutating func scrollList(by delta: Int) -> [Effect] {
        guard !list.order.isEmpty, let body = layout.body(of: .list), body.height > 0 else { return [] }
        list.top = clamp(list.top + delta, 0, max(0, list.order.count - body.height))
        let lastInView = min(list.order.count - 1, list.top + body.height - 1)
        return select(clamp(list.selected, list.top, lastInView))
    }
}
