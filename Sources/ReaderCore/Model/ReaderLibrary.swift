@_exported import CorpusModel
import SnapshotFormat

/// What the reader needs from a corpus. The store implements it over SQLite;
/// tests implement it in memory. Every call is expected to be quick (a few
/// milliseconds): searching and indexing happen elsewhere.
public protocol ReaderLibrary: AnyObject {
    /// The corpus's name for the top line.
    var corpusName: String { get }
    /// Article handles in display order (newest first) for a filter.
    func order(filter: ReaderFilter) throws -> ListOrder
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
    /// These articles counted per period, every period from the first to the last (the store's timeline code).
    func timeline(handles: [Int64], by granularity: TimelineGranularity) throws -> Timeline
    /// The stories within `depth` links of an article, both ways, oldest first, the article itself at depth 0.
    func thread(_ handle: Int64, depth: Int) throws -> [ThreadStory]
    /// The other snapshots of an article's story, first published first (none when it has no copies).
    func copies(_ handle: Int64) throws -> [CopySummary]
}

extension ReaderLibrary {
    public func skippedFiles() throws -> [SkippedFile] { [] }
    public func copies(_ handle: Int64) throws -> [CopySummary] { [] }

    /// What changed from one snapshot to another: both parsed, then compared
    /// (blocks aligned, then characters; a few milliseconds for an article),
    /// and whether the corpus groups them as one story, as `snapread diff` asks.
    public func diff(from old: Int64, to new: Int64) throws -> ArticleDiff {
        let sameStory = try copies(old).contains { $0.docno == new }
        return ArticleDiff(from: try document(old).article, to: try document(new).article, sameStory: sameStory)
    }
}

extension ReaderFilter {
    /// One `key=value` per line, for keeping the filter between runs.
    public var encoded: String {
        var lines: [String] = articleFilter.categories.map { "category=\($0)" }
        if let source = articleFilter.source { lines.append("source=\(source)") }
        if let since = articleFilter.since { lines.append("since=\(since.dateString)") }
        if let until = articleFilter.until { lines.append("until=\(until.dateString)") }
        if articleFilter.bookmarked { lines.append("bookmarked") }
        if articleFilter.unread { lines.append("unread") }
        if articleFilter.distinct { lines.append("distinct") }
        if let searchQuery { lines.append("search=\(searchQuery)") }
        return lines.joined(separator: "\n")
    }

    public init(encoded: String) {
        self.init()
        for line in encoded.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count > 1 ? parts[1] : ""
            switch parts[0] {
            case "category": articleFilter.categories.append(value)
            case "source": articleFilter.source = value
            case "since": articleFilter.since = SnapshotTime(parsing: value)
            case "until": articleFilter.until = SnapshotTime(parsing: value)
            case "bookmarked": articleFilter.bookmarked = true
            case "unread": articleFilter.unread = true
            case "distinct": articleFilter.distinct = true
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

/// The filters the reader can apply: the command line's `ArticleFilter`
/// (shared through CorpusModel, not copied) and, when one is kept, a search.
/// Its fields read and write as the filter's own (`filter.categories`).
@dynamicMemberLookup
public struct ReaderFilter: Equatable, Sendable {
    /// What the store filters by (everything but the search).
    public var articleFilter = ArticleFilter()
    /// The query of a kept search, when one is active.
    public var searchQuery: String?

    public init(_ articleFilter: ArticleFilter = ArticleFilter(), searchQuery: String? = nil) {
        self.articleFilter = articleFilter
        self.searchQuery = searchQuery
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<ArticleFilter, Value>) -> Value {
        get { articleFilter[keyPath: field] }
        set { articleFilter[keyPath: field] = newValue }
    }

    public var isEmpty: Bool { self == ReaderFilter() }

    /// How the status bar names the filter.
    public var summary: String {
        var parts: [String] = []
        if !articleFilter.categories.isEmpty { parts.append(articleFilter.categories.joined(separator: "+")) }
        if let source = articleFilter.source { parts.append("来源:" + source) }
        if articleFilter.since != nil || articleFilter.until != nil {
            parts.append((articleFilter.since?.dateString ?? "…") + "–" + (articleFilter.until?.dateString ?? "…"))
        }
        if articleFilter.bookmarked { parts.append("bookmarked") }
        if articleFilter.unread { parts.append("unread") }
        if articleFilter.distinct { parts.append("one a story") }
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
        case .loadTimeline(let handles, let granularity):
            do {
                return .timelineLoaded(try timeline(handles: Array(handles), by: granularity), error: nil)
            } catch {
                return .timelineLoaded(Timeline(granularity: granularity, periods: [], undated: 0), error: "\(error)")
            }
        case .loadThread(let handle, let depth):
            do {
                return .threadLoaded(handle: handle, depth: depth, stories: try thread(handle, depth: depth), error: nil)
            } catch {
                return .threadLoaded(handle: handle, depth: depth, stories: [], error: "\(error)")
            }
        case .loadCopies(let handle):
            return .copiesLoaded(handle: handle, (try? copies(handle)) ?? [])
        case .loadDiff(let from, let to):
            do {
                return .diffLoaded(from: from, to: to, try diff(from: from, to: to), error: nil)
            } catch {
                return .diffLoaded(from: from, to: to, nil, error: "\(error)")
            }
        default:
            return nil
        }
    }
}
