/// A set of document numbers as a bitmap: AND and OR over 100,000 documents
/// cost a few thousand word operations.
public struct DocumentBitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]

    public init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    public init(words: [UInt64]) {
        self.words = words
    }

    public var capacity: Int { words.count * 64 }

    public mutating func insert(_ member: Int) {
        let word = member >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(member & 63)
    }

    public mutating func remove(_ member: Int) {
        let word = member >> 6
        guard word < words.count else { return }
        words[word] &= ~(1 << UInt64(member & 63))
    }

    public func contains(_ member: Int) -> Bool {
        let word = member >> 6
        return word < words.count && words[word] & (1 << UInt64(member & 63)) != 0
    }

    public mutating func formIntersection(_ other: DocumentBitmap) {
        let shared = min(words.count, other.words.count)
        for index in 0..<shared { words[index] &= other.words[index] }
        if words.count > shared { words.replaceSubrange(shared..., with: repeatElement(0, count: words.count - shared)) }
    }

    public mutating func formUnion(_ other: DocumentBitmap) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for index in 0..<other.words.count { words[index] |= other.words[index] }
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Members in increasing order.
    public var members: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                result.append(index << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }
}
