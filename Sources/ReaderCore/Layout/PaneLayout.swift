/// The three panes.
public enum Pane: Int, CaseIterable, Sendable {
    case list = 1, article = 2, related = 3

    public var name: String {
        switch self {
        case .list: return "Articles"
        case .article: return "Article"
        case .related: return "Related"
        }
    }
}

/// Where each pane goes for a terminal size. Each pane's rectangle includes
/// its one-line title.
///
/// - 140 columns and more: list | article | related, side by side.
/// - 100 to 139: list on the left; article above related on the right.
/// - 60 to 99 (and 16 rows or more): list above article above related.
/// - Smaller: only the focused pane, full size.
public struct PaneLayout: Equatable, Sendable {
    public var topBar: Rect
    public var statusBar: Rect
    public var list: Rect?
    public var article: Rect?
    public var related: Rect?
    /// Separator lines, drawn with box characters.
    public var verticalSeparators: [Rect] = []
    public var horizontalSeparators: [Rect] = []

    /// The list's share of the width when panes sit side by side.
    public static let defaultListPercent = 38

    public static func compute(width: Int, height: Int, focus: Pane, listPercent: Int? = nil) -> PaneLayout {
        let top = Rect(x: 0, y: 0, width: width, height: min(1, height))
        let status = Rect(x: 0, y: max(0, height - 1), width: width, height: height >= 2 ? 1 : 0)
        let content = Rect(x: 0, y: 1, width: width, height: max(0, height - 2))
        var layout = PaneLayout(topBar: top, statusBar: status)
        if width >= 140 && content.height >= 6 {
            let listWidth = max(40, width * (listPercent ?? 32) / 100)
            let relatedWidth = max(30, width * 24 / 100)
            let articleWidth = width - listWidth - relatedWidth - 2
            layout.list = Rect(x: 0, y: content.y, width: listWidth, height: content.height)
            layout.article = Rect(x: listWidth + 1, y: content.y, width: articleWidth, height: content.height)
            layout.related = Rect(x: listWidth + articleWidth + 2, y: content.y, width: relatedWidth, height: content.height)
            layout.verticalSeparators = [
                Rect(x: listWidth, y: content.y, width: 1, height: content.height),
                Rect(x: listWidth + articleWidth + 1, y: content.y, width: 1, height: content.height),
            ]
        } else if width >= 100 && content.height >= 10 {
            let listWidth = width * (listPercent ?? defaultListPercent) / 100
            let rightX = listWidth + 1
            let rightWidth = width - rightX
            let relatedHeight = max(4, content.height * 35 / 100)
            let articleHeight = content.height - relatedHeight - 1
            layout.list = Rect(x: 0, y: content.y, width: listWidth, height: content.height)
            layout.article = Rect(x: rightX, y: content.y, width: rightWidth, height: articleHeight)
            layout.related = Rect(x: rightX, y: content.y + articleHeight + 1, width: rightWidth, height: relatedHeight)
            layout.verticalSeparators = [Rect(x: listWidth, y: content.y, width: 1, height: content.height)]
            layout.horizontalSeparators = [Rect(x: rightX, y: content.y + articleHeight, width: rightWidth, height: 1)]
        } else if width >= 60 && content.height >= 14 {
            let listHeight = max(4, content.height * 30 / 100)
            let relatedHeight = max(3, content.height * 22 / 100)
            let articleHeight = content.height - listHeight - relatedHeight - 2
            layout.list = Rect(x: 0, y: content.y, width: width, height: listHeight)
            layout.article = Rect(x: 0, y: content.y + listHeight + 1, width: width, height: articleHeight)
            layout.related = Rect(x: 0, y: content.y + listHeight + articleHeight + 2, width: width, height: relatedHeight)
            layout.horizontalSeparators = [
                Rect(x: 0, y: content.y + listHeight, width: width, height: 1),
                Rect(x: 0, y: content.y + listHeight + articleHeight + 1, width: width, height: 1),
            ]
        } else {
            switch focus {
            case .list: layout.list = content
            case .article: layout.article = content
            case .related: layout.related = content
            }
        }
        return layout
    }

    public var isZoomed: Bool { [list, article, related].compactMap { $0 }.count == 1 }

    public func rect(for pane: Pane) -> Rect? {
        switch pane {
        case .list: return list
        case .article: return article
        case .related: return related
        }
    }

    /// The pane's rows below its title line.
    public func body(of pane: Pane) -> Rect? {
        guard let rect = rect(for: pane), rect.height > 1 else { return nil }
        return Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    }
}
