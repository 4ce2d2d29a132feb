import ReaderCore
import SnapshotFormat
import SnapshotStore

/// The reader's view of a corpus, over the SQLite index: handles are docnos,
/// articles are parsed from their files when opened.
final class StoreReaderLibrary: ReaderLibrary {
    let library: CorpusLibrary

    init(library: CorpusLibrary) {
        self.library = library
    }

    var corpusName: String { library.index.root }

    func order(filter: ReaderFilter) throws -> ListOrder {
        ListOrder(docnos: try library.handles(filter: filter.articleFilter))
    }

    func rows(_ handles: [Int64]) throws -> [Int64: ArticleSummary] {
        var rows = try library.articles(docnos: handles)
        // Only articles with copies have a group row: a screenful is one small lookup.
        let docnos = Array(rows.keys)
        let counts = try library.copyCounts(of: docnos)
        for docno in docnos where counts[docno] > 0 { rows[docno]?.copies = counts[docno] }
        return rows
    }

    func copies(_ handle: Int64) throws -> [CopySummary] {
        guard let summary = try library.articles(docnos: [handle])[handle] else { return [] }
        return try library.copies(ofPath: summary.path) ?? []
    }

    func document(_ handle: Int64) throws -> ArticleDocument {
        Trace.mark("document \(handle)")
        defer { Trace.mark("document done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { throw StoreError.removed }
        let article = try SnapshotParser.parse(fileAt: library.index.root + "/" + summary.path, displayName: summary.path)
        return ArticleDocument(handle: handle, path: summary.path, article: article)
    }

    func related(_ handle: Int64) throws -> [ResolvedRelatedItem] {
        defer { Trace.mark("related done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { return [] }
        return try library.related(ofPath: summary.path)
    }

    func backlinks(_ handle: Int64) throws -> [ArticleSummary] {
        defer { Trace.mark("backlinks done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { return [] }
        return try library.backlinks(ofPath: summary.path)
    }

    /// Counts of what choosing each name would list: under a kept search,
    /// of the search's results within the other filters, counted from their rows.
    func facets(_ kind: FacetKind, filter: ReaderFilter) throws -> [CategoryCount] {
        guard let query = filter.searchQuery else {
            return try kind == .category ? library.categories(filter: filter.articleFilter) : library.sources(filter: filter.articleFilter)
        }
        Trace.mark("facets under search “\(query)”")
        defer { Trace.mark("facets done") }
        let handles = try library.searchHandles(query, filter: filter.articleFilter, allowStale: true)
        var counts: [String: Int] = [:]
        for row in try library.articles(docnos: handles).values {
            if let name = kind == .category ? row.category : row.source { counts[name, default: 0] += 1 }
        }
        // Largest first, then by name, as the store's counts come.
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { CategoryCount(name: $0.key, count: $0.value) }
    }

    func handle(forArticleID id: String) throws -> Int64? {
        try library.handle(forArticleID: id)
    }

    func skippedFiles() throws -> [SkippedFile] {
        try library.skippedFiles()
    }

    func timeline(handles: [Int64], by granularity: TimelineGranularity) throws -> Timeline {
        Trace.mark("timeline of \(handles.count) articles by \(granularity)")
        defer { Trace.mark("timeline done") }
        return try library.timeline(handles: handles, by: granularity)
    }

    func thread(_ handle: Int64, depth: Int) throws -> [ThreadStory] {
        Trace.mark("thread of \(handle) at depth \(depth)")
        defer { Trace.mark("thread done") }
        // A damaged link table is rebuilt on the spot; the view has nowhere to say so but its answer.
        return try library.thread(ofDocno: handle, depth: depth)
    }
}
