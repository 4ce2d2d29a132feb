/// The handles of a list in display order, as the model keeps them: the
/// list holds every listed article, so a million of them must stay small.
/// Handles that fit in 32 bits (the store's docnos always do) are kept as
/// 4-byte numbers, 4 MB for a million where `[Int64]` took 8; any other
/// list is kept as it is. Read as a collection of `Int64` handles either way.
public struct ListOrder: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case compact([UInt32])
        case wide([Int64])
    }

    private var storage: Storage

    /// An empty list.
    public init() {
        storage = .compact([])
    }

    /// The store's docnos, in order, kept as they are.
    public init(docnos: [UInt32]) {
        storage = .compact(docnos)
    }

    /// Any handles, in order: compact when every one fits in 32 bits.
    public init<Handles: Sequence>(_ handles: Handles) where Handles.Element == Int64 {
        var compact: [UInt32] = []
        compact.reserveCapacity(handles.underestimatedCount)
        var iterator = handles.makeIterator()
        while let handle = iterator.next() {
            guard let small = UInt32(exactly: handle) else {
                // One that does not fit: the whole list is kept wide.
                storage = .wide(compact.map(Int64.init) + [handle] + IteratorSequence(iterator))
                return
            }
            compact.append(small)
        }
        storage = .compact(compact)
    }

    public init(arrayLiteral handles: Int64...) {
        self.init(handles)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .compact(let docnos): return docnos.count
        case .wide(let handles): return handles.count
        }
    }

    public subscript(position: Int) -> Int64 {
        switch storage {
        case .compact(let docnos): return Int64(docnos[position])
        case .wide(let handles): return handles[position]
        }
    }

    /// The position of a handle, if it is listed (a pass over 4-byte numbers).
    public func firstIndex(of handle: Int64) -> Int? {
        switch storage {
        case .compact(let docnos):
            guard let small = UInt32(exactly: handle) else { return nil }
            return docnos.firstIndex(of: small)
        case .wide(let handles):
            return handles.firstIndex(of: handle)
        }
    }

    /// Whether a handle is listed.
    public func contains(_ handle: Int64) -> Bool {
        firstIndex(of: handle) != nil
    }

    public static func == (a: ListOrder, b: ListOrder) -> Bool {
        switch (a.storage, b.storage) {
        case (.compact(let x), .compact(let y)): return x == y
        case (.wide(let x), .wide(let y)): return x == y
        default: return a.count == b.count && a.elementsEqual(b)
        }
    }
}
