import CorpusGenerator
import Foundation
import Testing
@testable import SnapshotFormat

@Suite struct DiffTests {
    /// Rebuilding each side from the pieces gives that side back.
    @Test func piecesRebuildBothSides() {
        var rng = TestRandom(seed: 3)
        let alphabet = Array("新闻记者村里书店孩子。,ab")
        for _ in 0..<300 {
            let old = String((0..<rng.int(0...60)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] })
            let new = String((0..<rng.int(0...60)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] })
            let pieces = TextDiff.characters(old, new)
            var before = "", after = ""
            for piece in pieces {
                switch piece {
                case .same(let text): before += text; after += text
                case .deleted(let text): before += text
                case .inserted(let text): after += text
                }
            }
            #expect(before == old)
            #expect(after == new)
        }
    }

    @Test func marksOnlyTheCharactersThatChanged() {
        #expect(TextDiff.characters("今天村里开会", "今天镇里开会") == [.same("今天"), .deleted("村"), .inserted("镇"), .same("里开会")])
        #expect(TextDiff.characters("一样", "一样") == [.same("一样")])
    }

    @Test func namesAddedRemovedAndChangedBlocksInTextOrder() {
        let old = Article(id: "a", title: "旧标题", body: [
            BodyBlock(.paragraph, "第一段没有变化的文字。"),
            BodyBlock(.paragraph, "第二段会被删掉的内容,和别的段落都不一样。"),
            BodyBlock(.paragraph, "第三段的文字会改几个字,其余保持原样不动。"),
            BodyBlock(.image, "旧标题"),
            BodyBlock(.paragraph, "第四段也不变。"),
        ])
        let new = Article(id: "b", title: "新标题", body: [
            BodyBlock(.paragraph, "第一段没有变化的文字。"),
            BodyBlock(.paragraph, "第三段的文字会改两个字,其余保持原样不动。"),
            BodyBlock(.image, "新标题"),
            BodyBlock(.paragraph, "第四段也不变。"),
            BodyBlock(.paragraph, "新加的一段,说的是完全另外一件事情。"),
        ])
        let diff = ArticleDiff(from: old, to: new)
        #expect(diff.title?.from == "旧标题")
        #expect(diff.title?.to == "新标题")
        #expect(diff.blocks.map(\.change) == [.removed, .changed, .added])
        #expect(diff.blocks[0].from == "第二段会被删掉的内容,和别的段落都不一样。")
        #expect(diff.blocks[1].pieces.contains(.inserted("两")))
        #expect(diff.blocks[2].to == "新加的一段,说的是完全另外一件事情。")
        #expect(ArticleDiff(from: old, to: old).isEmpty)
    }

    /// The bar: an edited version against its original names exactly the
    /// changed title and the rewritten paragraph (the one the generator's
    /// truth names), and nothing else, in either script.
    @Test(arguments: [PlantedKind.edit, .scriptEdit])
    func anEditNamesTheTitleAndTheRewrittenParagraphOnly(kind: PlantedKind) throws {
        let converter = try ScriptConverter(to: .traditional)
        let base = CorpusGenerator(count: 40, seed: 11)
        let planter = CopyPlanter(base: base, copies: 40, kinds: [kind])
        for k in 0..<planter.copies {
            let (copy, truth) = planter.planted(k, converter: converter)
            #expect(truth.kind == kind)
            let rewritten = try #require(truth.rewrittenBlock)
            let original = try SnapshotParser.parse(bytes: Array(base.snapshot(truth.story).text.utf8), file: "a")
            let edited = try SnapshotParser.parse(bytes: Array(copy.text.utf8), file: "b")
            let diff = ArticleDiff(from: original, to: edited)
            #expect(diff.title?.from == original.title)
            #expect(diff.title?.to == edited.title)
            #expect(diff.blocks.count == 1, "story \(truth.story): \(diff.blocks.map(\.change))")
            guard let block = diff.blocks.first else { continue }
            let oldBlocks = original.body.filter { $0.kind != .image }.map(\.text)
            let newBlocks = edited.body.filter { $0.kind != .image }.map(\.text)
            #expect(block.change == .changed)
            #expect(block.fromIndex == rewritten && block.toIndex == rewritten)
            #expect(block.from == oldBlocks[rewritten])
            #expect(block.to == newBlocks[rewritten])
            #expect(!diff.scriptOnly && diff.marksCharacters)
            // The outlet of a copy in the other script is a Hong Kong or Taiwan one: named too.
            #expect(kind == .scriptEdit ? diff.headline?.hasPrefix("edited, in the other script · source: ") == true : diff.headline == nil,
                    "\(diff.headline ?? "nil")")
            // Only what the editor changed is marked: the same marks, folded, as the
            // edit in simplified (the truth's planting without a converter).
            let (simplifiedCopy, _) = planter.planted(k, converter: nil)
            let simplified = ArticleDiff(from: original, to: try SnapshotParser.parse(bytes: Array(simplifiedCopy.text.utf8), file: "c"))
            func folded(_ pieces: [TextDiffPiece]) -> [TextDiffPiece] {
                pieces.map { piece in
                    switch piece {
                    case .same(let text): .same(ScriptFold.fold(text))
                    case .deleted(let text): .deleted(ScriptFold.fold(text))
                    case .inserted(let text): .inserted(ScriptFold.fold(text))
                    }
                }
            }
            #expect(folded(block.pieces) == folded(simplified.blocks.first?.pieces ?? []))
            #expect(folded(diff.title?.pieces ?? []) == folded(simplified.title?.pieces ?? []))
            // Shown in the new side's own characters: what is kept and inserted is the new text.
            let shown = block.pieces.map { piece -> String in
                switch piece {
                case .same(let text), .inserted(let text): text
                case .deleted: ""
                }
            }.joined()
            #expect(shown == block.to)
        }
    }

    @Test func acrossScriptsComparesFoldedAndShowsEachSidesCharacters() {
        #expect(TextDiff.acrossScripts("今天村里开会", "今天鎮裡開會") == [.same("今天"), .deleted("村"), .inserted("鎮"), .same("裡開會")])
        #expect(TextDiff.acrossScripts("诗经", "詩經") == [.same("詩經")])
        #expect(TextDiff.characters("诗经", "詩經") == [.deleted("诗经"), .inserted("詩經")])
    }

    /// The real sample with only its title reworded: the lines that repeat
    /// the old title (its images' placeholders) are not headings added.
    @Test func aNewTitleAloneIsTheWholeDiffOfTheSample() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let original = try SnapshotParser.parse(bytes: bytes, file: "a")
        let text = String(decoding: bytes, as: UTF8.self)
        let newTitle = "威海环翠区“实敢当”工作亮点多"
        let edited = text.replacingOccurrences(of: "\n\(original.title)\n\n类别", with: "\n\(newTitle)\n\n类别")
        #expect(edited != text)
        let article = try SnapshotParser.parse(bytes: Array(edited.utf8), file: "b")
        #expect(article.title == newTitle)
        #expect(original.body.filter { $0.kind == .image }.count >= 2)
        let diff = ArticleDiff(from: original, to: article)
        #expect(diff.title?.to == newTitle)
        #expect(diff.blocks.isEmpty)
        #expect(ArticleDiff(from: article, to: original).blocks.isEmpty)
    }
}
