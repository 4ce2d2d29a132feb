import SnapshotFormat

/// Another snapshot of an article's story, as `copies` lists it and the
/// reader's related pane shows it.
public struct CopySummary: Sendable, Equatable {
    /// The article's number in the index: the reader's handle for it.
    public var docno: Int64
    /// Relative to the corpus folder.
    public var path: String
    public var id: String
    public var title: String
    public var source: String?
    public var publishedAt: SnapshotTime?
    public var capturedAt: SnapshotTime?

    /// A copy with every field given.
    public init(docno: Int64, path: String, id: String, title: String, source: String?, publishedAt: SnapshotTime?, capturedAt: SnapshotTime?) {
        self.docno = docno
        self.path = path
        self.id = id
        self.title = title
        self.source = source
        self.publishedAt = publishedAt
        self.capturedAt = capturedAt
    }
}
