import GRDB
import SnapshotFormat

/// One row of the article list: what `list --json` prints and the reader shows.
public struct ArticleSummary: Sendable, Equatable {
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

    static let columns = """
        a.docno, a.path, a.id, a.title, a.category, a.published, a.source,
        EXISTS(SELECT 1 FROM user.bookmark b WHERE b.article_id = a.id),
        EXISTS(SELECT 1 FROM user.read_state r WHERE r.article_id = a.id)
        """

    init(docno: Int64, path: String, id: String, title: String, category: String?, publishedAt: SnapshotTime?,
         source: String?, bookmarked: Bool, read: Bool) {
        self.docno = docno
        self.path = path
        self.id = id
        self.title = title
        self.category = category
        self.publishedAt = publishedAt
        self.source = source
        self.bookmarked = bookmarked
        self.read = read
    }

    init(row: Row) {
        docno = row[0]
        path = row[1]
        id = row[2]
        title = row[3]
        category = row[4]
        publishedAt = (row[5] as Int64?).map { SnapshotTime(epochSeconds: $0) }
        source = row[6]
        bookmarked = row[7]
        read = row[8]
    }
}

/// A category and how many articles it has.
public struct CategoryCount: Sendable, Equatable {
    public var name: String
    public var count: Int
}
