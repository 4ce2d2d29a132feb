import SnapshotFormat

/// One row of the article list: what `list --json` prints and the reader shows.
public struct ArticleSummary: Sendable, Equatable {
    /// The article's number in the index: the reader's handle for it.
    public var docno: Int64
    /// Relative to the corpus folder.
    public var path: String
    public var id: String
    public var title: String
    public var category: String?
    public var publishedAt: SnapshotTime?
    public var source: String?
    public var bookmarked: Bool
    public var read: Bool
    /// How many other snapshots of the same story the corpus holds (0 for most).
    public var copies: Int

    /// A row with every field given (`copies` is 0 unless the store counted them).
    public init(docno: Int64, path: String, id: String, title: String, category: String?, publishedAt: SnapshotTime?,
                source: String?, bookmarked: Bool, read: Bool, copies: Int = 0) {
        self.docno = docno
        self.path = path
        self.id = id
        self.title = title
        self.category = category
        self.publishedAt = publishedAt
        self.source = source
        self.bookmarked = bookmarked
        self.read = read
        self.copies = copies
    }
}

/// A category (or a source) and how many articles it has.
public struct CategoryCount: Sendable, Equatable {
    public var name: String
    public var count: Int

    /// A name with its count.
    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
