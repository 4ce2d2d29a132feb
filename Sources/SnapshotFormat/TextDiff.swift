/// One run of a character-level diff: text both sides share, or text only
/// the old side (deleted) or only the new side (inserted) holds.
public enum TextDiffPiece: Sendable, Equatable {
    case same(String)
    case deleted(String)
    case inserted(String)
}

/// Character-level diff, for Chinese text, which has no spaces to diff words
/// by: a longest common subsequence over Unicode scalars, after the common
/// prefix and suffix are set aside.
public enum TextDiff {
    /// More cells than this (after the common ends are trimmed) and the
    /// middle is reported as one deletion and one insertion: 4 M cells is
    /// two paragraphs of 2,000 characters, about 10 ms.
    static let cellLimit = 4_000_000

    /// The pieces that turn `old` into `new`, in order; adjacent pieces of
    /// one kind are merged.
    public static func characters(_ old: String, _ new: String) -> [TextDiffPiece] {
        let a = Array(old.unicodeScalars)
        let b = Array(new.unicodeScalars)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var builder = PieceBuilder()
        builder.add(.same, a[0..<prefix])
        let middleA = a[prefix..<(a.count - suffix)]
        let middleB = b[prefix..<(b.count - suffix)]
        for (kind, scalar) in alignment(Array(middleA), Array(middleB)) { builder.add(kind, scalar) }
        builder.add(.same, a[(a.count - suffix)...])
        return builder.finished
    }

    enum Kind { case same, deleted, inserted }

    /// An LCS alignment of `a` and `b`, as one step per scalar.
    static func alignment(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> [(Kind, Unicode.Scalar)] {
        let n = a.count, m = b.count
        if n == 0 { return b.map { (.inserted, $0) } }
        if m == 0 { return a.map { (.deleted, $0) } }
        if n * m > cellLimit { return a.map { (.deleted, $0) } + b.map { (.inserted, $0) } }
        // lengths[i][j]: LCS of a[i...] and b[j...], kept in one flat array.
        let width = m + 1
        var lengths = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * width + j] = a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var steps: [(Kind, Unicode.Scalar)] = []
        steps.reserveCapacity(n + m)
        var i = 0, j = 0
        while i < n, j < m {
            if a[i] == b[j] {
                steps.append((.same, a[i])); i += 1; j += 1
            } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                steps.append((.deleted, a[i])); i += 1
            } else {
                steps.append((.inserted, b[j])); j += 1
            }
        }
        while i < n { steps.append((.deleted, a[i])); i += 1 }
        while j < m { steps.append((.inserted, b[j])); j += 1 }
        return steps
    }

    /// Collects scalars into merged pieces.
    struct PieceBuilder {
        var pieces: [TextDiffPiece] = []
        var kind: Kind = .same
        var text = String.UnicodeScalarView()

        mutating func add<S: Sequence>(_ kind: Kind, _ scalars: S) where S.Element == Unicode.Scalar {
            for scalar in scalars { add(kind, scalar) }
        }

        mutating func add(_ kind: Kind, _ scalar: Unicode.Scalar) {
            if kind != self.kind { flush(); self.kind = kind }
            text.append(scalar)
        }

        mutating func flush() {
            guard !text.isEmpty else { return }
            let string = String(text)
            switch kind {
            case .same: pieces.append(.same(string))
            case .deleted: pieces.append(.deleted(string))
            case .inserted: pieces.append(.inserted(string))
            }
            text = String.UnicodeScalarView()
        }

        var finished: [TextDiffPiece] {
            mutating get { flush(); return pieces }
        }
    }
}
