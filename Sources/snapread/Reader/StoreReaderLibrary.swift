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

    func order(filter: ReaderFilter) throws -> [Int64] {
        try library.handles(filter: StoreReaderLibrary.articleFilter(filter))
    }

    func rows(_ handles: [Int64]) throws -> [Int64: ListRow] {
        try library.articles(docnos: handles).mapValues(StoreReaderLibrary.row)
    }

    func document(_ handle: Int64) throws -> ArticleDocument {
        Trace.mark("document \(handle)")
        defer { Trace.mark("document done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { throw StoreError.corrupt("article \(handle) is gone") }
        let article = try SnapshotParser.parse(fileAt: library.index.root + "/" + summary.path, displayName: summary.path)
        return ArticleDocument(handle: handle, path: summary.path, article: article)
    }

    func related(_ handle: Int64) throws -> [RelatedRow] {
        defer { Trace.mark("related done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { return [] }
        return try library.related(ofPath: summary.path).map { RelatedRow(item: $0.item, target: $0.target.map(StoreReaderLibrary.row)) }
    }

    func backlinks(_ handle: Int64) throws -> [ListRow] {
        defer { Trace.mark("backlinks done") }
        guard let summary = try library.articles(docnos: [handle])[handle] else { return [] }
        return try library.backlinks(ofPath: summary.path).map(StoreReaderLibrary.row)
    }

    func facets(_ kind: FacetKind) throws -> [(name: String, count: Int)] {
        try (kind == .category ? library.categories() : library.sources()).map { (name: $0.name, count: $0.count) }
    }

    func handle(forArticleID id: String) throws -> Int64? {
        try library.handle(forArticleID: id)
    }

    func skippedFiles() throws -> [SkippedFile] {
        try library.skippedFiles().map { SkippedFile(path: $0.path, reason: $0.reason) }
    }

    static func row(_ summary: ArticleSummary) -> ListRow {
        ListRow(handle: summary.docno, path: summary.path, id: summary.id, title: summary.title, category: summary.category,
                publishedAt: summary.publishedAt, bookmarked: summary.bookmarked, read: summary.read)
    }

    static func articleFilter(_ filter: ReaderFilter) -> ArticleFilter {
        ArticleFilter(categories: filter.categories, source: filter.source, since: filter.since, until: filter.until,
                      bookmarked: filter.bookmarked, unread: filter.unread)
    }
}
