/// What can go wrong with the store itself (not with a snapshot file).
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case io(String, String)
    case notADirectory(String)
    case notIndexed(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .io(let path, let why): return "\(path): \(why)"
        case .notADirectory(let path): return "\(path): not a directory"
        case .notIndexed(let path): return "\(path): not in the index of this corpus"
        case .corrupt(let why): return "the index is damaged (\(why)); delete it and run again"
        }
    }
}
