import GRDB
import SnapshotFormat

extension ArticleSummary {
    static let columns = """
        a.docno, a.path, a.id, a.title, a.category, a.published, a.source,
        EXISTS(SELECT 1 FROM user.bookmark b WHERE b.article_id = a.id),
        EXISTS(SELECT 1 FROM user.read_state r WHERE r.article_id = a.id)
        """

    init(row: Row) {
        self.init(docno: row[0], path: row[1], id: row[2], title: row[3], category: row[4],
                  publishedAt: (row[5] as Int64?).map { SnapshotTime(epochSeconds: $0) }, source: row[6],
                  bookmarked: row[7], read: row[8])
    }
}
