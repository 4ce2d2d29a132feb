import GRDB
import SnapshotFormat

extension ArticleFilter {
    /// A SQL condition over `article` (aliased `a`, or `alias`) and its arguments.
    /// `distinct` keeps, of a story's copies that pass the other conditions,
    /// the one first published: a copy the other filters leave out does not
    /// hide the one they keep.
    func sql(alias a: String = "a") -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !categories.isEmpty {
            clauses.append("\(a).category IN (" + categories.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(categories)
        }
        if let source {
            clauses.append("\(a).source = ?")
            arguments += [source]
        }
        if let since {
            clauses.append("\(a).published >= ?")
            arguments += [since.startOfDay.epochSeconds]
        }
        if let until {
            clauses.append("\(a).published < ?")
            arguments += [until.startOfDay.epochSeconds + 86_400]
        }
        if bookmarked { clauses.append("\(a).id IN (SELECT article_id FROM user.bookmark)") }
        if unread { clauses.append("\(a).id NOT IN (SELECT article_id FROM user.read_state)") }
        if distinct {
            var others = self
            others.distinct = false
            let (kept, keptArguments) = others.sql(alias: "x")
            let (earlier, earlierArguments) = others.sql(alias: "y")
            clauses.append("\(a).docno NOT IN (\(CopyGroups.laterCopiesSQL(among: kept, earlier: earlier)))")
            arguments += keptArguments
            arguments += earlierArguments
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }
}

extension SnapshotTime {
    var startOfDay: SnapshotTime {
        SnapshotTime(year: year, month: month, day: day) ?? self
    }
}
