import GRDB
import SnapshotFormat

/// The links a thread walks: what an article's related items point at, and
/// which articles point at it.
protocol LinkGraph {
    func targets(of docno: Int) throws -> [Int]
    func sources(of docno: Int) throws -> [Int]
}

extension LinkTable: LinkGraph {}

/// Links resolved one by one as `related` and `backlinks` resolve them: for
/// when the link table cannot be had (the index is being updated).
struct ResolvingLinkGraph: LinkGraph {
    let db: Database
    let text: TextStore

    func targets(of docno: Int) throws -> [Int] {
        var found: [Int] = []
        for (_, target) in try RelatedLinkResolver.resolvedItems(ofDocno: Int64(docno), db: db, text: text) {
            if let target, !found.contains(Int(target)) { found.append(Int(target)) }
        }
        return found
    }

    func sources(of docno: Int) throws -> [Int] {
        let published: Int64? = try Row.fetchOne(db, sql: "SELECT published FROM article WHERE docno = ?", arguments: [docno])?[0]
        return try RelatedLinkResolver.sources(ofDocno: Int64(docno), published: published, db: db, text: text).map { Int($0) }.sorted()
    }
}

/// A breadth-first walk over links in both directions.
enum ThreadWalk {
    struct Reached: Equatable {
        var docno: Int
        var depth: Int
        var via: Int?
        var direction: ThreadDirection?
    }

    /// Every article within `depth` links of `start`, each at its shortest
    /// distance, in the order reached. The frontier is expanded in docno
    /// order, so which nearer story a story is reached through does not
    /// depend on the order links are found in.
    static func walk(from start: Int, depth: Int, graph: some LinkGraph) throws -> [Reached] {
        var reached: [Reached] = [Reached(docno: start, depth: 0, via: nil, direction: nil)]
        var seen: [Int: Int] = [start: 0]
        var frontier = [start]
        var level = 0
        while level < depth, !frontier.isEmpty {
            level += 1
            var next: [Int] = []
            for docno in frontier.sorted() {
                let cited = try graph.targets(of: docno)
                let citing = try graph.sources(of: docno)
                for neighbour in (cited + citing).sorted() where seen[neighbour] == nil {
                    let direction: ThreadDirection = cited.contains(neighbour) ? (citing.contains(neighbour) ? .both : .cited) : .citing
                    seen[neighbour] = reached.count
                    reached.append(Reached(docno: neighbour, depth: level, via: docno, direction: direction))
                    next.append(neighbour)
                }
            }
            frontier = next
        }
        return reached
    }
}

extension CorpusLibrary {
    /// The stories linked to the article at `path` through related items
    /// and backlinks, transitively up to `depth` links, oldest first (undated
    /// ones last), the article itself at depth 0. Walks the link table
    /// (brought up to date first); while the index is being updated, resolves
    /// each link as `related` and `backlinks` do. `problem` hears of a
    /// damaged link table file before it is rebuilt.
    /// A damaged cache found on the way is rebuilt, and the walk made again
    /// (from the article's number in the new index).
    public func thread(ofPath path: String, depth: Int = 2, problem: ((String) -> Void)? = nil) throws -> [ThreadStory] {
        try recoveringFromDamage {
            guard let docno = try reader.read({ db in try Int64.fetchOne(db, sql: "SELECT docno FROM article WHERE path = ?", arguments: [path]) }) else {
                throw StoreError.notIndexed(path)
            }
            return try threadOnce(ofDocno: docno, depth: depth, problem: problem)
        }
    }

    /// The same for an article known by its docno (the reader's handle).
    public func thread(ofDocno docno: Int64, depth: Int = 2, problem: ((String) -> Void)? = nil) throws -> [ThreadStory] {
        try threadOnce(ofDocno: docno, depth: depth, problem: problem)
    }

    private func threadOnce(ofDocno docno: Int64, depth: Int, problem: ((String) -> Void)?) throws -> [ThreadStory] {
        let reached: [ThreadWalk.Reached]
        if let table = try currentLinkTable(problem: problem) {
            reached = try ThreadWalk.walk(from: Int(docno), depth: max(0, depth), graph: table)
        } else {
            try index.ensureTextMapped()
            let text = index.text
            reached = try reader.read { db in
                try ThreadWalk.walk(from: Int(docno), depth: max(0, depth), graph: ResolvingLinkGraph(db: db, text: text))
            }
        }
        Trace.mark("thread: \(reached.count) stories walked")
        let summaries = try articles(docnos: reached.map { Int64($0.docno) })
        let stories = reached.compactMap { step in
            summaries[Int64(step.docno)].map {
                ThreadStory(article: $0, depth: step.depth, via: step.via.map(Int64.init), direction: step.direction)
            }
        }
        return stories.sorted(by: Self.olderFirst)
    }

    /// Oldest first, undated ones last; then nearer, then by path.
    static func olderFirst(_ a: ThreadStory, _ b: ThreadStory) -> Bool {
        switch (a.article.publishedAt, b.article.publishedAt) {
        case let (left?, right?) where left != right: return left < right
        case (nil, _?): return false
        case (_?, nil): return true
        default: return a.depth != b.depth ? a.depth < b.depth : a.article.path < b.article.path
        }
    }
}
