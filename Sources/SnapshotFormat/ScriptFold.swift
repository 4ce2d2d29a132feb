/// Folds traditional Chinese characters to simplified ones, one character at
/// a time, so that search and copy detection see `詩經` and `诗经` as the same
/// text. Built from OpenCC's t2s character by character (ScriptFoldTable);
/// unlike phrase conversion it costs one table lookup a character, and a
/// folded character always has the original's UTF-8 length, so byte offsets
/// into folded text are byte offsets into the original.
public enum ScriptFold {
    /// Simplified form of each BMP code point (itself when it has none).
    private static let bmp: [UInt16] = {
        var table = (0...0xFFFF).map { UInt16($0) }
        var index = 0
        let pairs = ScriptFoldTable.pairs
        while index + 1 < pairs.count {
            if pairs[index] <= 0xFFFF { table[Int(pairs[index])] = UInt16(pairs[index + 1]) }
            index += 2
        }
        return table
    }()

    /// The folds of characters outside the BMP (rare: a few dozen).
    private static let astral: [UInt32: UInt32] = {
        var map: [UInt32: UInt32] = [:]
        var index = 0
        let pairs = ScriptFoldTable.pairs
        while index + 1 < pairs.count {
            if pairs[index] > 0xFFFF { map[pairs[index]] = pairs[index + 1] }
            index += 2
        }
        return map
    }()

    /// How many characters the fold changes.
    public static var entryCount: Int { ScriptFoldTable.pairs.count / 2 }

    /// The simplified form of one code point, or the code point itself.
    @inline(__always)
    public static func fold(_ scalar: UInt32) -> UInt32 {
        if scalar <= 0xFFFF { return UInt32(bmp[Int(scalar)]) }
        return astral[scalar] ?? scalar
    }

    /// The fold with its table in hand, for a loop over many characters:
    /// `fold(_:)` asks for the table (a global made on first use) at every
    /// call, which was a percent of a cold index's CPU.
    @frozen
    public struct Folder: Sendable {
        @usableFromInline let bmp: [UInt16]

        @inlinable @inline(__always)
        public func fold(_ scalar: UInt32) -> UInt32 {
            scalar <= 0xFFFF ? UInt32(bmp[Int(scalar)]) : ScriptFold.fold(scalar)
        }
    }

    /// A `Folder`, to make once before a loop.
    public static var folder: Folder { Folder(bmp: bmp) }

    /// `text` with every character folded.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            let folded = fold(scalar.value)
            if folded != scalar.value { changed = true }
            scalars.append(Unicode.Scalar(folded) ?? scalar)
        }
        return changed ? String(scalars) : text
    }

    /// Folds valid UTF-8 in place (the length never changes); returns whether
    /// anything changed. Bytes that do not start a three- or four-byte
    /// sequence are left alone, which keeps ASCII free.
    @discardableResult
    public static func foldUTF8(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        var changed = false
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0xE0 {
                index += lead < 0x80 ? 1 : 2
                continue
            }
            if lead < 0xF0 {
                guard index + 2 < count else { return changed }
                let scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                let folded = UInt32(bmp[Int(scalar)])
                if folded != scalar {
                    bytes[index] = 0xE0 | UInt8(folded >> 12)
                    bytes[index + 1] = 0x80 | UInt8((folded >> 6) & 0x3F)
                    bytes[index + 2] = 0x80 | UInt8(folded & 0x3F)
                    changed = true
                }
                index += 3
                continue
            }
            guard index + 3 < count else { return changed }
            let scalar = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
            if let folded = astral[scalar] {
                bytes[index] = 0xF0 | UInt8(folded >> 18)
                bytes[index + 1] = 0x80 | UInt8((folded >> 12) & 0x3F)
                bytes[index + 2] = 0x80 | UInt8((folded >> 6) & 0x3F)
                bytes[index + 3] = 0x80 | UInt8(folded & 0x3F)
                changed = true
            }
            index += 4
        }
        return changed
    }

    /// Whether `text` holds a character that the fold changes.
    public static func hasTraditional(_ text: String) -> Bool {
        text.unicodeScalars.contains { fold($0.value) != $0.value }
    }
}
