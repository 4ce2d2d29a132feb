import Testing
@testable import SnapshotFormat

@Suite struct ScriptTests {
    @Test func foldsTraditionalToSimplifiedCharacterByCharacter() {
        #expect(ScriptFold.fold("詩經與國家，頭髮") == "诗经与国家，头发")
        #expect(ScriptFold.fold("诗经 ABC 123") == "诗经 ABC 123")
        #expect(ScriptFold.hasTraditional("詩經"))
        #expect(!ScriptFold.hasTraditional("诗经"))
    }

    @Test func foldingTwiceChangesNothing() {
        for index in stride(from: 0, to: ScriptFoldTable.pairs.count, by: 2) {
            let folded = ScriptFold.fold(ScriptFoldTable.pairs[index])
            #expect(ScriptFold.fold(folded) == folded, "U+\(String(ScriptFoldTable.pairs[index], radix: 16))")
        }
    }

    /// The checked-in table still says what this machine's OpenCC says (a
    /// new OpenCC means regenerating it with Benchmarks/Tools/fold-table.c).
    @Test func tableAgreesWithOpenCC() throws {
        let converter = try ScriptConverter(to: .simplified)
        var disagreements: [String] = []
        var phraseOnly = 0
        for index in stride(from: 0, to: ScriptFoldTable.pairs.count, by: 2) {
            guard let from = Unicode.Scalar(ScriptFoldTable.pairs[index]) else { continue }
            let converted = converter.convert(String(Character(from)))
            let converted2 = converter.convert(converted)
            let expected = String(Character(Unicode.Scalar(ScriptFold.fold(from.value)) ?? from))
            // A character only phrases convert (瞭 in 瞭解) is left alone on its own.
            if converted == String(Character(from)) { phraseOnly += 1; continue }
            if converted != expected && converted2 != expected { disagreements.append("\(from) → \(converted), table \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(phraseOnly < 50)
        #expect(ScriptFold.fold("記者瞭解到") == "记者了解到")
        #expect(ScriptFold.entryCount > 2_500)
    }

    @Test func foldsUTF8InPlaceLikeStrings() {
        var rng = TestRandom(seed: 7)
        let alphabet = Array("詩經与國家头髮 abcXYZ，。“”𠀋🙂后後裡里發")
        for _ in 0..<500 {
            let text = String((0..<rng.int(0...40)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] })
            var bytes = Array(text.utf8)
            let changed = bytes.withUnsafeMutableBufferPointer { ScriptFold.foldUTF8($0) }
            #expect(String(decoding: bytes, as: UTF8.self) == ScriptFold.fold(text))
            #expect(changed == (ScriptFold.fold(text) != text))
        }
    }

    @Test func convertsByPhraseBothWays() throws {
        #expect(try ScriptConverter(to: .simplified).convert("詩經與國家，頭髮") == "诗经与国家，头发")
        #expect(try ScriptConverter(to: .traditional).convert("头发") == "頭髮")
        #expect(try ScriptConverter(to: .traditional).convert("") == "")
    }

    /// Source and byline too: the meta line used to mix scripts
    /// (`運河日報` beside `记者 周静`). The category is the filter's name and stays.
    @Test func convertsAnArticlesTextSourceAndByline() throws {
        var article = Article(id: "x", title: "国家", source: "运河日报", body: [BodyBlock(.paragraph, "头发")])
        article.category = "国内"
        article.byline = "记者 周静"
        article.editorNote = "编者按"
        let converted = try ScriptConverter(to: .traditional).convert(article)
        #expect(converted.title == "國家")
        #expect(converted.body == [BodyBlock(.paragraph, "頭髮")])
        #expect(converted.source == "運河日報")
        #expect(converted.byline == "記者 周靜")
        #expect(converted.editorNote == "編者按")
        #expect(converted.category == "国内")
        let back = try ScriptConverter(to: .simplified).convert(converted)
        #expect(back.source == "运河日报")
        #expect(back.byline == "记者 周静")
        // No source or byline stays none.
        let bare = try ScriptConverter(to: .traditional).convert(Article(id: "y", title: "国家", source: nil, body: []))
        #expect(bare.source == nil)
        #expect(bare.byline == nil)
    }
}

/// A small deterministic generator for property tests.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
