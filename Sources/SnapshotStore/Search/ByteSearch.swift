import CSystemSupport
import SnapshotFormat

/// Substring search over raw UTF-8 bytes: memmem for exact matches, a folding
/// loop when ASCII letters must match regardless of case.
enum ByteSearch {
    /// `foldScripts`: the haystack holds traditional characters and is
    /// folded (into a copy: the same length, so offsets hold) before the
    /// needle, already folded, is looked for.
    static func firstOffset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, foldASCII: Bool, foldScripts: Bool = false) -> Int? {
        guard !needle.isEmpty, let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
        if foldScripts {
            var copy = [UInt8](haystack)
            return copy.withUnsafeMutableBufferPointer { buffer in
                ScriptFold.foldUTF8(buffer)
                return firstOffset(of: needle, in: UnsafeRawBufferPointer(buffer), foldASCII: foldASCII)
            }
        }
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
