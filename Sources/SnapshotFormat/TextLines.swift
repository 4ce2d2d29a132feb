/// UTF-8 text cut into lines (LF, CRLF or CR), each trimmed of the white space
/// a crawler leaves at either end: spaces, tabs, no-break and ideographic spaces.
/// Lines are byte ranges, so classifying a line costs no allocation.
struct TextLines {
    let bytes: [UInt8]
    private(set) var ranges: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var lineStart = 0
        var index = 0
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0D {
                    ranges.append(TextLines.trimmed(buffer, lineStart..<index))
                    if byte == 0x0D, index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    lineStart = index + 1
                }
                index += 1
            }
            if lineStart < count { ranges.append(TextLines.trimmed(buffer, lineStart..<count)) }
        }
    }

    var count: Int { ranges.count }

    func isBlank(_ line: Int) -> Bool { ranges[line].isEmpty }

    func string(_ line: Int) -> String {
        String(decoding: bytes[ranges[line]], as: UTF8.self)
    }

    func string(_ line: Int, droppingPrefix prefixLength: Int) -> String {
        let range = ranges[line]
        let start = min(range.lowerBound + prefixLength, range.upperBound)
        return TextLines.trimmedString(bytes, start..<range.upperBound)
    }

    func hasPrefix(_ line: Int, _ prefix: [UInt8]) -> Bool {
        let range = ranges[line]
        guard range.count >= prefix.count else { return false }
        var offset = range.lowerBound
        for byte in prefix {
            if bytes[offset] != byte { return false }
            offset += 1
        }
        return true
    }

    /// The byte offset (from the line's start) of the first occurrence of `needle`.
    func firstOffset(of needle: [UInt8], in line: Int, from: Int = 0) -> Int? {
        let range = ranges[line]
        guard let first = needle.first, range.count - from >= needle.count else { return nil }
        var index = range.lowerBound + from
        let last = range.upperBound - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                var k = 1
                while k < needle.count {
                    if bytes[index + k] != needle[k] { matched = false; break }
                    k += 1
                }
                if matched { return index - range.lowerBound }
            }
            index += 1
        }
        return nil
    }

    func contains(_ line: Int, _ needle: [UInt8]) -> Bool { firstOffset(of: needle, in: line) != nil }

    func byteCount(_ line: Int) -> Int { ranges[line].count }

    /// Unicode scalars on the line (bytes that do not continue a sequence).
    func scalarCount(_ line: Int) -> Int {
        var n = 0
        for index in ranges[line] where bytes[index] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The line's bytes from one offset to another, as a trimmed string.
    func substring(_ line: Int, from: Int, to: Int? = nil) -> String {
        let range = ranges[line]
        let start = min(range.lowerBound + from, range.upperBound)
        let end = to.map { min(range.lowerBound + $0, range.upperBound) } ?? range.upperBound
        return TextLines.trimmedString(bytes, start..<max(start, end))
    }

    func equals(_ line: Int, _ other: [UInt8]) -> Bool {
        let range = ranges[line]
        guard range.count == other.count else { return false }
        return bytes[range].elementsEqual(other)
    }

    /// The last Unicode scalar on the line, if any.
    func lastScalar(_ line: Int) -> Unicode.Scalar? {
        let range = ranges[line]
        guard !range.isEmpty else { return nil }
        var start = range.upperBound - 1
        while start > range.lowerBound, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: bytes[start..<range.upperBound], as: UTF8.self).unicodeScalars.last
    }

    static func trimmedString(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let trimmedRange = bytes.withUnsafeBufferPointer { trimmed($0, range) }
        return String(decoding: bytes[trimmedRange], as: UTF8.self)
    }

    /// Drops spaces, tabs, U+00A0 (C2 A0), U+3000 (E3 80 80) and U+FEFF (EF BB BF) at both ends.
    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper {
            let byte = buffer[lower]
            if byte == 0x20 || byte == 0x09 || byte == 0x0C { lower += 1; continue }
            if byte == 0xC2, lower + 1 < upper, buffer[lower + 1] == 0xA0 { lower += 2; continue }
            if byte == 0xE3, lower + 2 < upper, buffer[lower + 1] == 0x80, buffer[lower + 2] == 0x80 { lower += 3; continue }
            if byte == 0xEF, lower + 2 < upper, buffer[lower + 1] == 0xBB, buffer[lower + 2] == 0xBF { lower += 3; continue }
            break
        }
        while upper > lower {
            let byte = buffer[upper - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0C { upper -= 1; continue }
            if byte == 0xA0, upper - 2 >= lower, buffer[upper - 2] == 0xC2 { upper -= 2; continue }
            if byte == 0x80, upper - 3 >= lower, buffer[upper - 2] == 0x80, buffer[upper - 3] == 0xE3 { upper -= 3; continue }
            if byte == 0xBF, upper - 3 >= lower, buffer[upper - 2] == 0xBB, buffer[upper - 3] == 0xEF { upper -= 3; continue }
            break
        }
        return lower..<upper
    }
}
