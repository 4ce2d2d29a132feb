/// Derives an article's stable id from what makes it that article: its title,
/// publish time and body text. Path, line ends, encoding, capture time and the
/// related list (which change on a re-crawl) do not enter it.
public enum ArticleIdentity {
    public static func id(title: String, publishedAt: SnapshotTime?, body: [BodyBlock]) -> String {
        var hash = FNV1a64()
        hash.add(title)
        hash.add(publishedAt?.iso8601 ?? "-")
        for block in body {
            hash.add(block.kind.rawValue)
            hash.add(block.text)
        }
        return hash.hex
    }
}

/// 64-bit FNV-1a: fast, and plenty for telling a hundred thousand articles apart.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        value ^= 0x1F
        value = value &* 0x0000_0100_0000_01B3
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
