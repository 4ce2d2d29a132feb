import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// The characters the parsing threads hand the character index: folded,
/// letters in lower case, spaces and broken bytes left out, each once.
@Suite struct CharacterListTests {
    @Test func charactersAreFoldedSortedAndDistinct() {
        let text = Array("Ab 書a😀\n書b".utf8) + [0xFF] + Array("區".utf8)
        let found = text.withUnsafeBytes { CharacterIndexBuilder.characters(of: $0) }
        let expected: [UInt32] = [0x61, 0x62, 0x4E66, 0x533A, CharacterIndex.foldMarker, 0x1F600].sorted()
        #expect(found == expected)
        #expect(Array("  \n\t".utf8).withUnsafeBytes { CharacterIndexBuilder.characters(of: $0) }.isEmpty)
        // Simplified text only: no fold marker.
        #expect(Array("书区".utf8).withUnsafeBytes { CharacterIndexBuilder.characters(of: $0) } == [0x4E66, 0x533A])
    }

    /// Random text of every plane (ASCII, CJK, traditional, fullwidth,
    /// emoji, broken bytes): the characters are those of a plain
    /// decode, fold, sort and drop of repeats.
    @Test func randomTextGivesTheSortedDistinctFoldedCharacters() {
        let pieces: [[UInt8]] = [Array("A".utf8), Array("z".utf8), Array(" ".utf8), Array("社".utf8), Array("區".utf8), Array("書".utf8),
                                 Array("，".utf8), Array("😀".utf8), Array("𠀀".utf8), Array("é".utf8), [0xFF], [0xE4, 0xB8], [0xEF, 0xB7, 0x90]]
        var random = SplitMix64(seed: 41)
        for _ in 0..<500 {
            var text: [UInt8] = []
            for _ in 0..<Int(random.next() % 200) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let found = text.withUnsafeBytes { CharacterIndexBuilder.characters(of: $0) }
            var expected = Set<UInt32>()
            var folds = false
            for scalar in String(decoding: text, as: UTF8.self).unicodeScalars where scalar.value != 0xFFFD {
                guard scalar.value > 0x20 else { continue }
                let lowered = (0x41...0x5A).contains(scalar.value) ? scalar.value + 0x20 : scalar.value
                let folded = ScriptFold.fold(lowered)
                if folded != lowered { folds = true }
                expected.insert(folded)
            }
            if folds { expected.insert(CharacterIndex.foldMarker) }
            #expect(found == expected.sorted(), "\(text)")
        }
    }

    /// Growing the index as files are read (characters from the parsing
    /// threads) and building it afresh from the text store give the same
    /// characters with the same documents.
    @Test func grownAndFreshIndexesAgree() throws {
        let corpus = try TemporaryCorpus(count: 150, seed: 13)
        let library = try corpus.library()
        try library.index.update()
        let grown = try library.index.characterIndex()
        let table = try DocumentTable.read(from: library.index.database.writer)
        var fresh = CharacterIndexBuilder()
        try library.index.ensureTextMapped()
        try CharacterIndexStep.fill(&fresh, from: library.index.text, documents: table.documents)
        let grownEntries = grown.entries.map { ($0.scalar, grown.bitmap(for: $0).members) }
        #expect(grownEntries.count == fresh.scalars.count && grownEntries.count > 100)
        let freshBySlot = Dictionary(uniqueKeysWithValues: fresh.scalars.enumerated().map { ($0.element, $0.offset) })
        for (scalar, members) in grownEntries {
            guard let slot = freshBySlot[scalar] else {
                Issue.record("\(scalar) only in the grown index")
                continue
            }
            let postings = fresh.postings[slot]
            let freshMembers = postings.bitmap?.members ?? postings.list.map { Int($0) }
            #expect(freshMembers == members, "character \(scalar)")
        }
    }
}
