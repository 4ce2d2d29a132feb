import SnapshotFormat

/// A related item with the story it was cut from, when that story is in the corpus.
public struct ResolvedRelatedItem: Sendable, Equatable {
    public var item: RelatedItem
    public var target: ArticleSummary?

    /// An item and its target (nil: not in the corpus).
    public init(item: RelatedItem, target: ArticleSummary?) {
        self.item = item
        self.target = target
    }
}
