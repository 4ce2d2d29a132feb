import CorpusGenerator
import Foundation
import SnapshotFormat
@testable import SnapshotStore
import Testing
@testable import snapread

/// JSON string escaping (`JSONValue.writeEscaped`, its vector scan of plain
/// runs) and the search row written into room bounded beforehand
/// (`SummaryJSON.writeListItem` of a `HitView`), against a byte-at-a-time
/// reference and against the row made from values.
@Suite struct JSONEscapingTests {
    /// The escaping the output promises, one byte at a time.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        func unicode(_ value: UInt8) -> [UInt8] { Array(String(format: "\\u%04x", Int(value)).utf8) }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x00..<0x20, 0x7F: out += unicode(byte)
            case 0xC2 where index + 1 < bytes.count && (0x80..<0xA0).contains(bytes[index + 1]):
                out += unicode(bytes[index + 1])
                index += 1
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// `writeEscaped` of the bytes, into a new array.
    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { JSONValue.writeEscaped($0, to: &out) }
        return out
    }

    /// Pieces that text is made of here: plain ASCII and Chinese, the E2
    /// punctuation of Chinese text (plain), the two line separators, C1
    /// controls and a no-break space after C2, controls, and bytes cut off.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("社区".utf8), Array("“".utf8), Array("”".utf8), Array("—".utf8), Array("…".utf8),
        Array("\u{2028}".utf8), Array("\u{2029}".utf8), [0xC2, 0x85], [0xC2, 0x9F], [0xC2, 0xA0], [0xE2, 0x80, 0xA7], [0xE2, 0x80, 0xAA],
        [0x22], [0x5C], [0x0A], [0x0D], [0x09], [0x00], [0x1B], [0x7F], [0xC2], [0xE2], [0xE2, 0x80],
    ]

    /// Every piece at every offset around the 32-byte steps of the scan, and
    /// at the very end (where a C2 or E2 has nothing after it).
    @Test func everyPieceAtEveryOffsetEscapesAsTheReference() {
        for piece in Self.pieces {
            for offset in 0..<70 {
                for tail in [0, 1, 2, 3, 40] {
                    let bytes = Array(repeating: UInt8(ascii: "x"), count: offset) + piece + Array(repeating: UInt8(ascii: "y"), count: tail)
                    #expect(Self.escaped(bytes) == Self.reference(bytes), "\(piece) at \(offset), \(tail) after")
                }
            }
        }
    }

    /// Random mixtures of the pieces, long and short.
    @Test func randomTextEscapesAsTheReference() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 60) { bytes += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }
            #expect(Self.escaped(bytes) == Self.reference(bytes))
        }
    }

    /// Valid text reads back as itself through a JSON parser, the line
    /// separators included.
    @Test func escapedTextParsesBackToItself() throws {
        let text = "标题 “引号” — 省略… \u{2028}分\u{2029}隔 \"q\" \\ \t\n\r\u{7F}\u{85}\u{1B}[31m 尾"
        let quoted = [0x22] + Self.escaped(Array(text.utf8)) + [0x22]
        let parsed = try JSONSerialization.jsonObject(with: Data(quoted), options: .fragmentsAllowed) as? String
        #expect(parsed == text)
        // Nothing a terminal or a JavaScript parser acts on is left raw.
        let written = String(decoding: quoted, as: UTF8.self)
        #expect(!quoted.contains(0x1B))
        #expect(!quoted.contains(0x7F))
        #expect(!written.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" })
        #expect(written.contains("\\u2028") && written.contains("\\u2029") && written.contains("\\u0085"))
    }

    /// `escapedBound` covers the worst text: every byte a control, every
    /// pair a C1 control, every three a line separator.
    @Test func escapingStaysWithinItsBound() {
        for bytes: [UInt8] in [Array(repeating: 0x01, count: 100), Array(repeating: [0xC2, 0x85] as [UInt8], count: 50).flatMap { $0 },
                               Array(repeating: Array("\u{2028}".utf8), count: 40).flatMap { $0 }] {
            #expect(Self.escaped(bytes).count <= JSONValue.escapedBound(bytes.count))
            #expect(Self.escaped(bytes).count == Self.reference(bytes).count)
        }
    }

    /// A row written from the index's bytes is the row written from the same
    /// values, byte for byte: plain and escaped fields, absent ones, cut
    /// snippets, counts of copies.
    @Test func rowFromBytesIsTheRowFromValues() throws {
        let cases: [(title: String, category: String?, source: String?, snippet: String, cut: (Bool, Bool), copies: Int, published: SnapshotTime?)] = [
            ("社区“十五分钟”生活圈", "国内", "人民网", "社区食堂开张", (false, false), 0, SnapshotTime(year: 2024, month: 3, day: 5, hour: 9, minute: 7, second: 3)),
            ("带\"引号\"和\\的标题\u{2028}", nil, "来\u{1B}源", "片段\u{85}含控制\t符", (true, true), 12, nil),
            (String(repeating: "长", count: 400), "体育", nil, "", (false, true), 1_234_567, SnapshotTime(year: 1999, month: 12, day: 31, hour: 23, minute: 59, second: 59)),
            // The worst row: every field all control bytes, no time, the largest count.
            (String(repeating: "\u{1}", count: 300), String(repeating: "\u{2}", count: 50), String(repeating: "\u{85}", count: 50),
             String(repeating: "\u{2028}", count: 80), (true, true), Int.max, nil),
            ("负数", "国内", "来源", "片段", (false, false), -42, SnapshotTime(year: 9999, month: 1, day: 1)),
        ]
        for (number, item) in cases.enumerated() {
            let path = "part-00\(number)/s\(number).txt", id = "id-\(number)"
            let docno = Int64(number + 3)
            let copies = CopyCounts([docno: item.copies])
            func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
            let fields = [bytes(path), bytes(id), bytes(item.title), bytes(item.category ?? ""), bytes(item.source ?? ""), bytes(item.snippet)]
            var fromBytes: [UInt8] = []
            var fromValues: [UInt8] = []
            CorpusLibrary.withPinnedBytes(fields) { pinned in
                let view = HitView(docno: docno, path: pinned[0], id: pinned[1], title: pinned[2],
                                   category: item.category == nil ? nil : pinned[3], source: item.source == nil ? nil : pinned[4],
                                   publishedAt: item.published, bookmarked: number == 1, read: number == 2, titleHit: false,
                                   snippet: pinned[5], snippetCutBefore: item.cut.0, snippetCutAfter: item.cut.1)
                SummaryJSON.writeListItem(view, copies: copies, into: &fromBytes)
                let hit = view.hit
                SummaryJSON.writeListItem(hit.article, snippet: hit.snippet, copies: copies, into: &fromValues)
                // And as `list` writes it, with no snippet.
                var listFromBytes: [UInt8] = []
                var listFromValues: [UInt8] = []
                SummaryJSON.writeListItem(view, snippet: false, copies: copies, into: &listFromBytes)
                SummaryJSON.writeListItem(hit.article, copies: copies, into: &listFromValues)
                #expect(listFromBytes == listFromValues, "case \(number), no snippet")
            }
            #expect(fromBytes == fromValues, "case \(number)")
            let object = try JSONSerialization.jsonObject(with: Data(fromBytes)) as? [String: Any]
            #expect(object?["title"] as? String == item.title)
            #expect(object?["copies"] as? Int == item.copies)
            #expect(object?["snippet"] as? String == (item.cut.0 ? "…" : "") + item.snippet + (item.cut.1 ? "…" : ""))
        }
    }
}
