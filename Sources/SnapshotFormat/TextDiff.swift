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
        characters(old, new) { $0 }
    }

    /// The pieces that turn `old` into `new` with both folded to one script
    /// (`ScriptFold`), each piece in its own side's characters: shared text
    /// as `new` writes it. An edit of a copy in the other script then marks
    /// only what the editor changed, not every character the script changes.
    public static func acrossScripts(_ old: String, _ new: String) -> [TextDiffPiece] {
        characters(old, new, key: ScriptFold.fold)
    }

    /// The diff of `old` and `new` with scalars compared by `key`.
    static func characters(_ old: String, _ new: String, key: (UInt32) -> UInt32) -> [TextDiffPiece] {
        let a = Array(old.unicodeScalars)
        let b = Array(new.unicodeScalars)
        let keysA = a.map { key($0.value) }
        let keysB = b.map { key($0.value) }
        var prefix = 0
        while prefix < a.count, prefix < b.count, keysA[prefix] == keysB[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, keysA[a.count - 1 - suffix] == keysB[b.count - 1 - suffix] { suffix += 1 }
        var builder = PieceBuilder()
        builder.add(.same, b[0..<prefix])
        var i = prefix, j = prefix
        for kind in alignment(Array(keysA[prefix..<(a.count - suffix)]), Array(keysB[prefix..<(b.count - suffix)])) {
            switch kind {
            case .same: builder.add(.same, b[j]); i += 1; j += 1
            case .deleted: builder.add(.deleted, a[i]); i += 1
            case .inserted: builder.add(.inserted, b[j]); j += 1
            }
        }
        builder.add(.same, b[(b.count - suffix)...])
        return builder.finished
    }

    enum Kind { case same, deleted, inserted }

    /// An LCS alignment of `a` and `b`, as one step per scalar.
    static func alignment(_ a: [UInt32], _ b: [UInt32]) -> [Kind] {
        let n = a.count, m = b.count
        if n == 0 { return Array(repeating: .inserted, count: m) }
        if m == 0 { return Array(repeating: .deleted, count: n) }
        if n * m > cellLimit { return Array(repeating: .deleted, count: n) + Array(repeating: .inserted, count: m) }
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
        var steps: [Kind] = []
        steps.reserveCapacity(n + m)
        var i = 0, j = 0
        while i < n, j < m {
            if a[i] == b[j] {
                steps.append(.same); i += 1; j += 1
            } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                steps.append(.deleted); i += 1
            } else {
                steps.append(.inserted); j += 1
            }
        }
        steps += Array(repeating: .deleted, count: n - i)
        steps += Array(repeating: .inserted, count: m - j)
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
