extension Reader {
    /// The wheel scrolls the pane under the pointer; a click selects and
    /// focuses; a click on a related story follows it.
    func handleMouse(_ event: MouseEvent) -> [Effect] {
        guard picker == nil, prompt == nil, !showingHelp else { return [] }
        let layout = self.layout
        guard let pane = Pane.allCases.first(where: { layout.rect(for: $0)?.contains(x: event.x, y: event.y) == true }) else { return [] }
        switch event.kind {
        case .wheelUp, .wheelDown:
            let step = event.kind == .wheelUp ? -3 : 3
            let previous = focus
            focus = pane
            move(by: step)
            focus = previous
            return []
        case .press:
            focus = pane
            guard let body = layout.body(of: pane), body.contains(x: event.x, y: event.y) else { return [] }
            let line = event.y - body.y
            switch pane {
            case .list:
                let index = listTop + line
                guard order.indices.contains(index) else { return [] }
                if index != selected {
                    selected = index
                    previewSelected()
                }
                return []
            case .article:
                return []
            case .related:
                guard let entry = relatedEntry(atLine: relatedTop + line) else { return [] }
                relatedSelected = entry
                guard let target = relatedTarget(at: entry) else {
                    if entry < relatedRows.count { message = "That story is not in this corpus." }
                    return []
                }
                return follow(to: target)
            }
        }
    }

    /// The related entry drawn on a line of the related pane, if any.
    func relatedEntry(atLine line: Int) -> Int? {
        if line < relatedRows.count { return line }
        let sectionLine = max(relatedRows.count, 1)
        let backlink = line - sectionLine - 1
        return backlinkRows.indices.contains(backlink) ? relatedRows.count + backlink : nil
    }
}
