import GRDB
import SnapshotFormat

extension CorpusLibrary {
    /// Articles per period: every article under `filter`, or the results of
    /// `query` under it when one is given (exactly those `search` finds).
    /// Publish times come from the character index file's document table,
    /// with no SQL unless a filter needs it.
    /// A damaged cache found on the way (the text a search verifies) is
    /// rebuilt, and the counts taken again.
    public func timeline(query: String? = nil, filter: ArticleFilter = ArticleFilter(),
                         by granularity: TimelineGranularity) throws -> Timeline {
        try recoveringFromDamage { try timelineOnce(query: query, filter: filter, by: granularity) }
    }

    private func timelineOnce(query: String?, filter: ArticleFilter, by granularity: TimelineGranularity) throws -> Timeline {
        var counter = TimelineCounter()
        func add(_ published: Int64) {
            if published == DocumentEntry.absentPublished { counter.addUndated() } else { counter.add(epochSeconds: published) }
        }
        if let query {
            let parsed = SearchQuery(query)
            guard !parsed.terms.isEmpty else { return counter.timeline(by: granularity) }
            let characters = try index.characterIndex()
            // The search's own verification, without its ranking or rows.
            for part in try verifiedParts(parsed, filter: filter, characters: characters, render: nil) {
                for match in part.matches { add(match.published) }
            }
            Trace.mark("timeline: search results counted")
            return counter.timeline(by: granularity)
        }
        guard let characters = try? index.characterIndex() else {
            // The file does not describe the database (an update was cut
            // short): the same counts from SQL.
            let (condition, arguments) = filter.sql()
            try reader.read { db in
                let cursor = try Int64?.fetchCursor(db, sql: "SELECT a.published FROM article a WHERE \(condition)", arguments: arguments)
                while let published = try cursor.next() { add(published ?? DocumentEntry.absentPublished) }
            }
            return counter.timeline(by: granularity)
        }
        let wanted = filter.isEmpty ? nil : try documents(matching: filter)
        counter.reserve(characters.rankedCount)
        characters.withRankOrder { ranked in
            for rank in 0..<(ranked.count / 4) {
                let docno = Int(ranked.loadUnaligned(fromByteOffset: rank * 4, as: UInt32.self))
                guard wanted?.contains(docno) ?? true, let document = characters.document(docno) else { continue }
                add(document.published)
            }
        }
        Trace.mark("timeline: articles counted")
        return counter.timeline(by: granularity)
    }

    /// Articles per period of a list the reader holds (docnos, as `handles`
    /// and `searchHandles` give them). Read from the character index file,
    /// also while an update is rewriting it, else from SQL.
    public func timeline(handles: [Int64], by granularity: TimelineGranularity) throws -> Timeline {
        var counter = TimelineCounter()
        counter.reserve(handles.count)
        if let characters = try? index.characterIndex(allowStale: true) {
            var missing: [Int64] = []
            let live = characters.live
            for handle in handles {
                guard live.contains(Int(handle)), let document = characters.document(Int(handle)) else {
                    missing.append(handle)
                    continue
                }
                if document.published == DocumentEntry.absentPublished { counter.addUndated() } else { counter.add(epochSeconds: document.published) }
            }
            // Articles added since that file was written: from SQL.
            if !missing.isEmpty { try countFromDatabase(missing, into: &counter) }
        } else {
            try countFromDatabase(handles, into: &counter)
        }
        return counter.timeline(by: granularity)
    }

    private func countFromDatabase(_ handles: [Int64], into counter: inout TimelineCounter) throws {
        var start = 0
        try reader.read { db in
            while start < handles.count {
                let chunk = Array(handles[start..<min(start + 500, handles.count)])
                let sql = "SELECT published FROM article WHERE docno IN (" + chunk.map { _ in "?" }.joined(separator: ",") + ")"
                let cursor = try Int64?.fetchCursor(db, sql: sql, arguments: StatementArguments(chunk))
                while let published = try cursor.next() {
                    if let published { counter.add(epochSeconds: published) } else { counter.addUndated() }
                }
                start += chunk.count
            }
        }
    }
}
