import CSystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw file bytes turned into UTF-8 text, with what was done to get there.
struct DecodedText {
    var utf8: [UInt8]
    var warnings: [String]
}

/// Turns the bytes of a file into UTF-8: strips a BOM, accepts UTF-8 and
/// UTF-16 with a BOM, falls back to GB18030 (a superset of GBK and GB2312), and
/// refuses binary data.
enum TextDecoding {
    static func decode(_ bytes: [UInt8]) -> Result<DecodedText, SnapshotProblem> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        if start == 0, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return decodeUTF16(bytes)
        }
        let body = bytes[start...]
        if isBlank(body) { return .failure(.empty) }
        if looksBinary(body) { return .failure(.binary) }
        let valid = body.withContiguousStorageIfAvailable { buffer in
            String(validating: buffer, as: UTF8.self) != nil
        } ?? (String(validating: Array(body), as: UTF8.self) != nil)
        if valid {
            return .success(DecodedText(utf8: start == 0 ? bytes : Array(body), warnings: []))
        }
        // A few bad bytes in otherwise good UTF-8 are damage, not another
        // encoding: decoding them as GB18030 would turn the whole text into
        // nonsense.
        let invalid = invalidUTF8Sequences(body)
        if invalid * 200 < body.count {
            let repaired = Array(String(decoding: body, as: UTF8.self).utf8)
            return .success(DecodedText(utf8: repaired, warnings: ["\(invalid) invalid UTF-8 sequence\(invalid == 1 ? "" : "s") replaced"]))
        }
        if let converted = convertGB18030(Array(body)) {
            return .success(DecodedText(utf8: converted, warnings: ["decoded as GB18030"]))
        }
        return .failure(.notText)
    }

    /// How many maximal invalid subsequences a UTF-8 decoder would replace.
    private static func invalidUTF8Sequences(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return count
            case .error: count += 1
            }
        }
    }

    private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// A NUL byte, or more than one control character in a hundred bytes, is
    /// not something a crawler writes as text.
    /// Whether the bytes are binary data: a NUL, or control characters
    /// (other than tab, line feed, form feed, carriage return and escape)
    /// in more than one byte in a hundred. Runs with no control character
    /// are passed over 32 bytes at a time (the terminal scan of
    /// `TerminalText`; the C1 controls it also stops at are not counted).
    static func looksBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
            var controls = 0
            var index = 0
            while index < raw.count {
                index += snapread_terminal_plain_prefix(base + index, raw.count - index, 1)
                guard index < raw.count else { break }
                let byte = raw[index]
                index += 1
                switch byte {
                case 0x00: return true
                case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: continue
                case 0x01..<0x20, 0x7F: controls += 1
                default: continue
                }
            }
            return controls * 100 > raw.count
        }
    }

    private static func decodeUTF16(_ bytes: [UInt8]) -> Result<DecodedText, SnapshotProblem> {
        let littleEndian = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        var text = ""
        var scalars = units.makeIterator()
        var decoder = UTF16()
        decodeLoop: while true {
            switch decoder.decode(&scalars) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: break decodeLoop
            case .error: return .failure(.notText)
            }
        }
        let utf8 = Array(text.utf8)
        if isBlank(utf8[...]) { return .failure(.empty) }
        if looksBinary(utf8[...]) { return .failure(.binary) }
        return .success(DecodedText(utf8: utf8, warnings: ["decoded as UTF-16"]))
    }

    /// GB18030 through iconv; nil when the bytes are not valid GB18030 either.
    static func convertGB18030(_ input: [UInt8]) -> [UInt8]? {
        let handle = iconv_open("UTF-8", "GB18030")
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(handle) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var source = input
        let produced: Int? = source.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        output.removeSubrange(produced...)
        // iconv accepts some sequences that decode to control characters; the
        // result must still be valid text.
        guard String(validating: output, as: UTF8.self) != nil else { return nil }
        return output
    }
}
