/// Reads one Unicode scalar from UTF-8 bytes, for the loops that walk a
/// hundred thousand texts byte by byte (the search index, display width)
/// without making strings.
public enum UTF8Scalar {
    /// The scalar starting at `offset` and how many bytes it takes, or nil
    /// when the bytes there are not well-formed UTF-8 (a stray continuation
    /// byte, a sequence cut short, a surrogate).
    @inlinable @inline(__always)
    public static func decode<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Int) -> (value: UInt32, length: Int)?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let lead = bytes[offset]
        if lead < 0x80 { return (UInt32(lead), 1) }
        var value: UInt32
        let length: Int
        if lead & 0xE0 == 0xC0 {
            value = UInt32(lead & 0x1F)
            length = 2
        } else if lead & 0xF0 == 0xE0 {
            value = UInt32(lead & 0x0F)
            length = 3
        } else if lead & 0xF8 == 0xF0 {
            value = UInt32(lead & 0x07)
            length = 4
        } else {
            return nil
        }
        guard offset + length <= bytes.endIndex else { return nil }
        for k in 1..<length {
            let next = bytes[offset + k]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard value < 0xD800 || (value > 0xDFFF && value <= 0x10FFFF) else { return nil }
        return (value, length)
    }
}
