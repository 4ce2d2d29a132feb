/// What can go wrong with the store itself (not with a snapshot file).
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case io(String, String)
    case notADirectory(String)
    case notIndexed(String)
    /// A search before the first update has written the search index.
    case stillIndexing
    case corrupt(String)
    /// An article the caller held on to left the index since (its file was
    /// removed, or changed into another article): no damage, a reload answers.
    case removed
    /// A cache file is damaged (zeroed, truncated, changed): it is thrown
    /// away and the index rebuilt (`CorpusIndex.discardDamagedCache`).
    case damaged(file: String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let why): return "\(path): \(why)"
        case .notADirectory(let path): return "\(path): not a directory"
        case .notIndexed(let path): return "\(path): not in the index of this corpus"
        case .stillIndexing: return "the search index is still being built"
        case .corrupt(let why): return "the index is damaged (\(why)); delete it and run again"
        case .removed: return "this snapshot is no longer in the corpus (its file was removed or replaced)"
        case .damaged(let file, let why): return "\(file): damaged (\(why))"
        }
    }
}
