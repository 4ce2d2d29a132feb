/// How a story in a thread is linked to the nearer story it was reached from.
public enum ThreadDirection: String, Sendable, Equatable {
    /// The nearer story's related items point at this one (→).
    case cited
    /// This story's related items point at the nearer one (←).
    case citing
    /// Both (↔).
    case both
}

/// One story of a thread: the article, how many links from the thread's
/// first article it is, and through which story it was reached. What
/// `thread` prints and the reader's thread view shows.
public struct ThreadStory: Sendable, Equatable {
    public var article: ArticleSummary
    /// 0 for the article the thread is of.
    public var depth: Int
    /// The story one link nearer (nil at depth 0): the lowest-numbered one
    /// when several are.
    public var via: Int64?
    public var direction: ThreadDirection?

    /// A story reached at `depth` links through `via`, linked to it as `direction` says.
    public init(article: ArticleSummary, depth: Int, via: Int64?, direction: ThreadDirection?) {
        self.article = article
        self.depth = depth
        self.via = via
        self.direction = direction
    }
}
