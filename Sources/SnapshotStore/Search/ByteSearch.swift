import CSystemSupport

/// Substring search over raw UTF-8 bytes: memmem for exact matches, a folding
/// loop when ASCII letters must match regardless of case.
enum ByteSearch {
    static func firstOffset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, foldASCII: Bool) -> Int? {
        guard !needle.isEmpty, let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
        if !foldASCII {
            let found = needle.withUnsafeBytes { snapread_memmem(base, haystack.count, $0.baseAddress, needle.count) }
            return found < 0 ? nil : found
        }
        let folded = needle.map(fold)
        let first = folded[0]
        let last = haystack.count - folded.count
        var index = 0
        while index <= last {
            if fold(haystack[index]) == first {
                var k = 1
                while k < folded.count, fold(haystack[index + k]) == folded[k] { k += 1 }
                if k == folded.count { return index }
            }
            index += 1
        }
        return nil
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    static func hasASCIILetters(_ bytes: [UInt8]) -> Bool {
        bytes.contains { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
