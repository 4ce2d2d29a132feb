/// What can go wrong with the store itself (not with a snapshot file).
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case io(String, String)
    case notADirectory(String)
    case notIndexed(String)
    /// A search before the first update has written the search index.
    case stillIndexing
    case corrupt(String)
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
        case .damaged(let file, let why): return "\(file): damaged (\(why))"
        }
    }
}
