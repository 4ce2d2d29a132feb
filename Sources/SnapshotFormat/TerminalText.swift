/// Text from files on its way to a terminal. Snapshots are written by
/// strangers: an ESC in a title could set the window title, clear the screen
/// or write the clipboard (OSC 52), a lone CR could overwrite what was printed
/// before it. Every text output (the commands, their stderr lines and the
/// reader's cells) passes file text through here, and control characters come
/// out as visible stand-ins, as `less` shows them without `-R`:
///
/// - C0 controls and DEL in caret notation: ESC is `^[`, BEL `^G`, CR `^M`,
///   DEL `^?`;
/// - C1 controls (U+0080-U+009F, which some terminals obey as ESC sequences)
///   as `<U+009B>`;
/// - tab and line feed are kept where text may span lines (`.lines`) and
///   shown as `^I` and `^J` where it is one line (`.oneLine`: a list row, a
///   file name on stderr, a cell of the reader).
///
/// Every stand-in is printable ASCII, so cleaning twice changes nothing and
/// display widths computed after cleaning are right.
public enum TerminalText {
    /// Whether tab and line feed may stay.
    public enum Context: Sendable {
        /// Text that may span lines: tab and line feed are kept.
        case lines
        /// Text that must stay on one line: tab and line feed are shown too.
        case oneLine
    }

    /// What to show for `value`, or nil when it may be written as it is.
    @inlinable
    public static func standIn(for value: UInt32, in context: Context) -> String? {
        switch value {
        case 0x09, 0x0A:
            return context == .lines ? nil : caret(value)
        case 0x00..<0x20, 0x7F:
            return caret(value)
        case 0x80..<0xA0:
            return "<U+00" + String(UInt8(value), radix: 16, uppercase: true) + ">"
        default:
            return nil
        }
    }

    @usableFromInline
    static func caret(_ value: UInt32) -> String {
        // Caret notation flips bit 6: 0x1B is "^[", 0x7F is "^?".
        "^" + String(UnicodeScalar(UInt8(value ^ 0x40)))
    }

    /// `text` with every control character replaced by its stand-in.
    public static func visible(_ text: String, in context: Context = .oneLine) -> String {
        var text = text
        let clean = text.withUTF8 { plainPrefix(UnsafeRawBufferPointer($0), in: context) == $0.count }
        if clean { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let standIn = standIn(for: scalar.value, in: context) {
                out += standIn
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends UTF-8 `bytes` to `out` cleaned: as they are when nothing in
    /// them needs it (the common case, checked 16 bytes at a time), else
    /// with stand-ins. The bytes must be well-formed UTF-8 (what a `String`
    /// wrote, as in the index files): the check looks for controls, not for
    /// ill-formed sequences.
    @inlinable
    public static func append(_ bytes: UnsafeRawBufferPointer, in context: Context = .oneLine, to out: inout [UInt8]) {
        let plain = plainPrefix(bytes, in: context)
        if plain == bytes.count {
            out.append(contentsOf: bytes)
            return
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<plain]))
        out += visible(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[plain...]), as: UTF8.self), in: context).utf8
    }

    /// How many bytes at the start of UTF-8 `bytes` may be written as they
    /// are: the offset of the first control character (or `bytes.count`).
    /// This check is what the fast output paths pay for every row, so it
    /// looks at 16 bytes at a time and at single bytes only near a hit.
    @inlinable
    public static func plainPrefix(_ bytes: UnsafeRawBufferPointer, in context: Context) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let keepsLines = context == .lines
        var block = 0
        while block + 16 <= count {
            let v = base.loadUnaligned(fromByteOffset: block, as: SIMD16<UInt8>.self)
            // 0xC2 leads U+0080-U+00BF: the C1 controls and common Latin-1
            // signs (·, no-break space), told apart byte by byte below.
            var flagged = (v .< 0x20) .| (v .== 0x7F) .| (v .== 0xC2)
            if keepsLines { flagged = flagged .& (v .!= 0x09) .& (v .!= 0x0A) }
            if any(flagged) {
                if let hit = firstNeeding(base, from: block, to: block + 16, count: count, keepsLines: keepsLines) { return hit }
            }
            block += 16
        }
        return firstNeeding(base, from: block, to: count, count: count, keepsLines: keepsLines) ?? count
    }

    @inlinable
    static func firstNeeding(_ base: UnsafeRawPointer, from start: Int, to end: Int, count: Int, keepsLines: Bool) -> Int? {
        var at = start
        while at < end {
            let byte = base.load(fromByteOffset: at, as: UInt8.self)
            if byte < 0x20 {
                if !(keepsLines && (byte == 0x09 || byte == 0x0A)) { return at }
            } else if byte == 0x7F {
                return at
            } else if byte == 0xC2 {
                // A lead byte with nothing after it is ill-formed: let the
                // slow path repair it.
                guard at + 1 < count else { return at }
                let next = base.load(fromByteOffset: at + 1, as: UInt8.self)
                if next >= 0x80 && next < 0xA0 { return at }
            }
            at += 1
        }
        return nil
    }
}
