import GRDB
import SnapshotFormat

/// The filters of CONTRACT.md, combinable.
public struct ArticleFilter: Sendable, Equatable {
    public var categories: [String] = []
    public var source: String?
    /// Inclusive Beijing-time dates.
    public var since: SnapshotTime?
    public var until: SnapshotTime?
    public var bookmarked = false
    public var unread = false
    /// One article a story: of a group of copies, only the first published.
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

    public var isEmpty: Bool { self == ArticleFilter() }

    /// A SQL condition over `article` (aliased `a`) and its arguments.
    func sql() -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !categories.isEmpty {
            clauses.append("a.category IN (" + categories.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(categories)
        }
        if let source {
            clauses.append("a.source = ?")
            arguments += [source]
        }
        if let since {
            clauses.append("a.published >= ?")
            arguments += [since.startOfDay.epochSeconds]
        }
        if let until {
            clauses.append("a.published < ?")
            arguments += [until.startOfDay.epochSeconds + 86_400]
        }
        if bookmarked { clauses.append("a.id IN (SELECT article_id FROM user.bookmark)") }
        if unread { clauses.append("a.id NOT IN (SELECT article_id FROM user.read_state)") }
        if distinct { clauses.append("a.docno NOT IN (\(CopyGroups.laterCopiesSQL))") }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }
}

extension SnapshotTime {
    var startOfDay: SnapshotTime {
        SnapshotTime(year: year, month: month, day: day) ?? self
    }
}
