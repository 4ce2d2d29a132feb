/// A file of the corpus the index could not read as a snapshot, with the reason.
public struct SkippedFile: Sendable, Equatable {
    /// Relative to the corpus folder.
    public var path: String
    public var reason: String

    /// A path with the reason it was skipped.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
