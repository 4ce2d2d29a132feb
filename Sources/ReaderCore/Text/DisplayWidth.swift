import SnapshotFormat

/// How wide the terminal draws East Asian Ambiguous characters (`·•★→…│─“”`):
/// one column as glibc and tmux do, or two as terminals set up for Chinese do
/// (vim's `ambiwidth=double`, config.toml's `ambiguous_width = 2`).
///
/// It is a value handed to every width function. Its default, `current`, is a
/// task-local that the runtime binds once around the reader (and a test around
/// what it renders), so every layout, view and screen buffer below agrees
/// without each view having to carry it, and two tests in parallel can use
/// two modes.
public struct WidthMode: Hashable, Sendable, CustomStringConvertible {
    /// Columns of an East Asian Ambiguous character: 1 or 2.
    public let ambiguousColumns: Int

    /// One column, as glibc's wcwidth and tmux.
    public static let standard = WidthMode(ambiguousColumns: 1)
    /// Two columns (`ambiguous_width = 2`).
    public static let ambiguousWide = WidthMode(ambiguousColumns: 2)

    private init(ambiguousColumns: Int) { self.ambiguousColumns = ambiguousColumns }

    /// The mode in force for this task or thread; `.standard` unless bound
    /// with `WidthMode.$current.withValue(…)`.
    @TaskLocal public static var current = WidthMode.standard

    public var description: String { "ambiguous_width = \(ambiguousColumns)" }
}

/// Terminal column widths, per grapheme cluster: East Asian Wide and Fullwidth
/// take 2, Ambiguous 1 (as glibc and tmux draw them, or 2 under
/// `WidthMode.ambiguousWide`), emoji sequences 2, combining marks 0. The same
/// numbers serve the in-memory terminal and curses.
public enum DisplayWidth {
    /// Width of one Unicode scalar on its own; control characters count 0.
    public static func of(_ scalar: Unicode.Scalar, mode: WidthMode = .current) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return mode.ambiguousColumns == 2 && contains(WidthTables.ambiguous, value) ? 2 : 1 }
        // CJK ideographs (the bulk of Chinese text) are wide in the table too.
        if value >= 0x4E00 && value <= 0x9FFF { return 2 }
        if contains(WidthTables.doubleWidth, value) { return 2 }
        if contains(WidthTables.zeroWidth, value) { return 0 }
        if mode.ambiguousColumns == 2, contains(WidthTables.ambiguous, value), !isBoxDrawing(value) { return 2 }
        return 1
    }

    /// Box drawing (U+2500–U+257F) is Ambiguous too, but a border must keep
    /// one column: under the wide mode these are drawn as ASCII instead (as
    /// vim refuses wide `fillchars` under `ambiwidth=double`), and counted one.
    @inline(__always)
    static func isBoxDrawing(_ value: UInt32) -> Bool { (0x2500...0x257F).contains(value) }

    /// A one-column ASCII stand-in for an Ambiguous mark that the wide mode
    /// makes two columns wide, for a view that left it one column (an unread
    /// `•`, a `★`, an arrow): better a `*` than nothing. Nil when there is none.
    public static func squeezedGlyph(for character: Character) -> Character? {
        switch character {
        case "•", "●", "◦", "○", "◎", "★", "☆", "※": return "*"
        case "→", "⇒": return ">"
        case "←", "⇐": return "<"
        case "↑": return "^"
        case "↓": return "v"
        case "·", "…", "‥": return "."
        case "“", "”", "″": return "\""
        case "‘", "’", "′": return "'"
        case "■", "□", "▧", "▪", "▲", "△", "▼", "▽", "◆", "◇": return "#"
        case "×": return "x"
        case "°": return "o"
        default: return nil
        }
    }

    /// What a screen cell shows for `character` in `mode`: box drawing
    /// becomes `-`, `|` or `+` under the wide mode (see `isBoxDrawing`);
    /// nil when the character is drawn as it is.
    public static func narrowGlyph(for character: Character, mode: WidthMode) -> Character? {
        guard mode.ambiguousColumns == 2, character.unicodeScalars.count == 1,
              let value = character.unicodeScalars.first?.value, isBoxDrawing(value) else { return nil }
        switch value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E:
            return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F:
            return "|"
        case 0x2571: return "/"
        case 0x2572: return "\\"
        case 0x2573: return "X"
        default: return "+"
        }
    }

    /// Whether `scalar` is East Asian Ambiguous and drawn one column wide by
    /// glibc: the characters whose width the mode changes.
    /// Box drawing is left out: it stays one column (see `isBoxDrawing`).
    public static func isAmbiguous(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0xA1 && !isBoxDrawing(scalar.value) && contains(WidthTables.ambiguous, scalar.value)
    }

    /// Width of one grapheme cluster.
    public static func of(_ character: Character, mode: WidthMode = .current) -> Int {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return of(first, mode: mode) }
        // A cluster of several scalars: emoji presentation, ZWJ sequences and
        // flags are drawn two wide; otherwise the widest scalar decides
        // (a base letter with combining marks stays 1).
        var width = max(of(first, mode: mode), of(second, mode: mode))
        var regionalIndicators = isRegionalIndicator(first) ? 1 : 0
        var emojiSequence = second.value == 0xFE0F || second.value == 0x200D
        if isRegionalIndicator(second) { regionalIndicators += 1 }
        while let next = iterator.next() {
            width = max(width, of(next, mode: mode))
            if next.value == 0xFE0F || next.value == 0x200D { emojiSequence = true }
            if isRegionalIndicator(next) { regionalIndicators += 1 }
        }
        if emojiSequence || regionalIndicators >= 2 { return 2 }
        return min(width, 2)
    }

    /// Width of a whole string. Scalar by scalar while no scalar can join a
    /// cluster (the common case, Chinese included); by grapheme cluster otherwise.
    public static func of<S: StringProtocol>(_ text: S, mode: WidthMode = .current) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                total += 1
                continue
            }
            let width = of(scalar, mode: mode)
            if width == 0 || joinsClusters(value) { return clusterWidth(text, mode: mode) }
            total += width
        }
        return total
    }

    private static func clusterWidth<S: StringProtocol>(_ text: S, mode: WidthMode) -> Int {
        var total = 0
        for character in text { total += of(character, mode: mode) }
        return total
    }

    /// Scalars that change the width of the cluster they are in: regional
    /// indicators (flags) and emoji skin-tone modifiers. Zero-width scalars
    /// (combining marks, joiners, variation selectors) are caught by width.
    @inline(__always)
    private static func joinsClusters(_ value: UInt32) -> Bool {
        (0x1F1E6...0x1F1FF).contains(value) || (0x1F3FB...0x1F3FF).contains(value)
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func contains(_ table: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = table[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// How UTF-8 text fits `width` columns: whole, or cut after `at` bytes
    /// (leaving a column for "…"); `complex` when a scalar may join a cluster
    /// (or the bytes are not UTF-8) and the caller must go by characters.
    public enum Cut: Equatable {
        case whole
        case at(Int)
        case complex
    }

    /// One pass over the scalars: the width so far, and where the cut for
    /// "…" falls. What list lines are made with, a hundred thousand at a time.
    public static func cut(utf8 bytes: UnsafeBufferPointer<UInt8>, to width: Int, mode: WidthMode = .current) -> Cut {
        guard width > 0 else { return .at(0) }
        // Room for the "…", which is Ambiguous itself.
        let room = width - mode.ambiguousColumns
        var used = 0
        var cut: Int?
        var offset = 0
        while offset < bytes.count {
            guard let (value, length) = UTF8Scalar.decode(bytes, at: offset) else { return .complex }
            let w: Int
            if value >= 0x20 && value < 0x7F {
                w = 1
            } else {
                guard let scalar = Unicode.Scalar(value) else { return .complex }
                w = of(scalar, mode: mode)
            }
            if w == 0 || joinsClusters(value) { return .complex }
            if cut == nil, used + w > room { cut = offset }
            used += w
            if used > width, let cut { return .at(cut) }
            offset += length
        }
        return .whole
    }

    /// The longest prefix of `text` that fits in `width` columns, never cutting
    /// a wide character in half; the second value is the prefix's width.
    public static func prefix(of text: String, fitting width: Int, mode: WidthMode = .current) -> (Substring, Int) {
        // Scalar by scalar when no scalar can join a cluster.
        var used = 0
        var index = text.unicodeScalars.startIndex
        var simple = true
        while index < text.unicodeScalars.endIndex {
            let scalar = text.unicodeScalars[index]
            let w = of(scalar, mode: mode)
            if w == 0 || joinsClusters(scalar.value) {
                simple = false
                break
            }
            if used + w > width { break }
            used += w
            index = text.unicodeScalars.index(after: index)
        }
        if simple { return (text[..<index], used) }
        used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = of(text[index], mode: mode)
            if used + w > width { break }
            used += w
            end = text.index(after: index)
        }
        return (text[..<end], used)
    }

    /// `text` cut to `width` columns, with `…` at the end when something was cut.
    public static func truncate(_ text: String, to width: Int, mode: WidthMode = .current) -> String {
        guard width > 0 else { return "" }
        if width < mode.ambiguousColumns { return of(text, mode: mode) <= width ? text : " " }
        var contiguous = text
        let fit = contiguous.withUTF8 { cut(utf8: $0, to: width, mode: mode) }
        switch fit {
        case .whole: return text
        case .at(let length):
            return contiguous.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[..<length]), as: UTF8.self) } + "…"
        case .complex: break
        }
        if of(text, mode: mode) <= width { return text }
        // "…" is itself Ambiguous: two columns under the wide mode.
        let (head, _) = prefix(of: text, fitting: width - mode.ambiguousColumns, mode: mode)
        return head + "…"
    }
}
