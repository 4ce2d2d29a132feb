@_exported import CorpusModel
import SnapshotFormat

/// What the reader needs from a corpus. The store implements it over SQLite;
/// tests implement it in memory. Every call is expected to be quick (a few
/// milliseconds): searching and indexing happen elsewhere.
public protocol ReaderLibrary: AnyObject {
    /// The corpus's name for the top line.
    var corpusName: String { get }
    /// Article handles in display order (newest first) for a filter.
    func order(filter: ReaderFilter) throws -> [Int64]
    /// The list rows of some handles.
    func rows(_ handles: [Int64]) throws -> [Int64: ArticleSummary]
    /// The parsed article.
    func document(_ handle: Int64) throws -> ArticleDocument
    /// The related items of an article, each with its target when it is in the corpus.
    func related(_ handle: Int64) throws -> [ResolvedRelatedItem]
    /// The articles whose related items point at this one.
    func backlinks(_ handle: Int64) throws -> [ArticleSummary]
    /// Files of the corpus that are not snapshots, with the reason.
    func skippedFiles() throws -> [SkippedFile]
    /// The handle of the article with this content id, if it is indexed.
    func handle(forArticleID id: String) throws -> Int64?
    /// Every category, or every source, with its count of the articles the filter leaves, largest first.
    func facets(_ kind: FacetKind, filter: ReaderFilter) throws -> [CategoryCount]
}

extension ReaderLibrary {
    public func skippedFiles() throws -> [SkippedFile] { [] }
}

extension ReaderFilter {
    /// One `key=value` per line, for keeping the filter between runs.
    public var encoded: String {
        var lines: [String] = categories.map { "category=\($0)" }
        if let source { lines.append("source=\(source)") }
        if let since { lines.append("since=\(since.dateString)") }
        if let until { lines.append("until=\(until.dateString)") }
        if bookmarked { lines.append("bookmarked") }
        if unread { lines.append("unread") }
        if let searchQuery { lines.append("search=\(searchQuery)") }
        return lines.joined(separator: "\n")
    }

    public init(encoded: String) {
        self.init()
        for line in encoded.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count > 1 ? parts[1] : ""
            switch parts[0] {
            case "category": categories.append(value)
            case "source": source = value
            case "since": since = SnapshotTime(parsing: value)
            case "until": until = SnapshotTime(parsing: value)
            case "bookmarked": bookmarked = true
            case "unread": unread = true
            case "search": searchQuery = value
            default: break
            }
        }
    }
}

/// What a picker chooses from.
public enum FacetKind: Equatable, Sendable {
    case category, source
}

/// The filters the reader can apply (the same as the command line's).
public struct ReaderFilter: Equatable, Sendable {
    public var categories: [String] = []
    public var source: String?
    public var since: SnapshotTime?
    public var until: SnapshotTime?
    public var bookmarked = false
    public var unread = false
    /// Handles of search results, in rank order, when a search is active.
    public var searchQuery: String?

    public init() {}

    public var isEmpty: Bool { self == ReaderFilter() }

    /// The part the store filters by (all but the search).
    public var articleFilter: ArticleFilter {
        ArticleFilter(categories: categories, source: source, since: since, until: until, bookmarked: bookmarked, unread: unread)
    }

    /// How the status bar names the filter.
    public var summary: String {
        var parts: [String] = []
        if !categories.isEmpty { parts.append(categories.joined(separator: "+")) }
        if let source { parts.append("来源:" + source) }
        if since != nil || until != nil {
            parts.append((since?.dateString ?? "…") + "–" + (until?.dateString ?? "…"))
        }
        if bookmarked { parts.append("bookmarked") }
        if unread { parts.append("unread") }
        if let searchQuery { parts.append("/" + searchQuery) }
        return parts.joined(separator: " · ")
    }
}

/// The reader's name for a list row: the store's summary, shared.
public typealias ListRow = ArticleSummary

extension ArticleSummary {
    /// The reader's handle of the article: its docno.
    public var handle: Int64 { docno }
}

/// An article to show, with where it lives.
public struct ArticleDocument: Equatable, Sendable {
    public var handle: Int64
    public var path: String
    public var article: Article

    public init(handle: Int64, path: String, article: Article) {
        self.handle = handle
        self.path = path
        self.article = article
    }
}

/// A related item and, when it is in the corpus, the story it points at.
public typealias RelatedRow = ResolvedRelatedItem

extension ReaderLibrary {
    /// Performs a read on the spot and gives its answer as a message; nil for
    /// an effect that is not a read of the library. The runtime uses it for
    /// the quick reads (rows, a document, an order) on its loop, and tests
    /// for every read.
    public func answer(_ effect: Effect) -> Message? {
        switch effect {
        case .loadOrder(let filter):
            return .orderLoaded(filter: filter, handles: (try? order(filter: filter)) ?? [])
        case .loadRows(let handles):
            return .rowsLoaded((try? rows(handles)) ?? [:], asked: handles)
        case .loadDocument(let handle):
            do {
                return .documentLoaded(handle: handle, try document(handle), error: nil)
            } catch {
                return .documentLoaded(handle: handle, nil, error: "\(error)")
            }
        case .loadRelated(let handle):
            return .relatedLoaded(handle: handle, related: (try? related(handle)) ?? [], backlinks: (try? backlinks(handle)) ?? [])
        case .loadFacets(let kind, let filter):
            return .facetsLoaded(kind, (try? facets(kind, filter: filter)) ?? [])
        case .loadSkipped:
            return .skippedLoaded((try? skippedFiles()) ?? [])
        case .findArticle(let id):
            return .articleFound(id: id, handle: try? handle(forArticleID: id))
        default:
            return nil
        }
    }
}
