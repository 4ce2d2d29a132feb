import SnapshotFormat

/// The filters of CONTRACT.md, combinable: what `list` takes on the command
/// line and what the reader's pickers set. The store turns it into SQL.
public struct ArticleFilter: Sendable, Equatable {
    public var categories: [String] = []
    public var source: String?
    /// Inclusive Beijing-time dates.
    public var since: SnapshotTime?
    public var until: SnapshotTime?
    public var bookmarked = false
    public var unread = false
    /// One article a story: of a story's copies that the other filters (and
    /// a search) leave, only the first published.
    public var distinct = false

    public init(categories: [String] = [], source: String? = nil, since: SnapshotTime? = nil, until: SnapshotTime? = nil,
                bookmarked: Bool = false, unread: Bool = false, distinct: Bool = false) {
        self.categories = categories
        self.source = source
        self.since = since
        self.until = until
        self.bookmarked = bookmarked
        self.unread = unread
        self.distinct = distinct
    }

    /// True when nothing is filtered out.
    public var isEmpty: Bool { self == ArticleFilter() }
}
