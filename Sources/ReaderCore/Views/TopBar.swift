/// The top line: the corpus on the left; the count, skipped files and indexing progress on the right.
enum TopBar {
    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        screen.fill(rect, role: .topBar)
        let count = model.list.order.count
        var right = count == 1 ? "1 article" : "\(count) articles"
        // One a story: the count is of stories, and the top line says so, as the status line names the filter.
        if model.filter.distinct { right = (count == 1 ? "1 story" : "\(count) stories") + " (one a story)" }
        if !model.skipped.isEmpty { right += " · \(model.skipped.count) skipped (!)" }
        if let indexing = model.indexing {
            let percent = indexing.total > 0 ? indexing.done * 100 / indexing.total : 0
            right = "indexing \(indexing.done)/\(indexing.total) (\(percent)%) · " + right
        }
        let rightWidth = DisplayWidth.of(right)
        let left = " snapread · " + model.corpusName
        let leftLimit = max(0, rect.width - rightWidth - 2)
        screen.write(DisplayWidth.truncate(left, to: leftLimit), x: 0, y: rect.y, limit: leftLimit, role: .topBar)
        if rightWidth + 1 <= rect.width {
            screen.write(right, x: rect.width - rightWidth - 1, y: rect.y, limit: rightWidth, role: .topBar)
        }
    }
}
