import CorpusGenerator
import Testing
@testable import SnapshotFormat

/// What kind of difference a diff is, said in one line before the details:
/// two stories, the same text in the other script, another source.
@Suite struct DiffKindTests {
    static func planted(_ kind: PlantedKind, count: Int = 12) throws -> [(original: Article, copy: Article)] {
        let converter = try ScriptConverter(to: .traditional)
        let base = CorpusGenerator(count: count, seed: 11)
        let planter = CopyPlanter(base: base, copies: count, kinds: [kind])
        return try (0..<planter.copies).map { k in
            let (copy, truth) = planter.planted(k, converter: converter)
            return (try SnapshotParser.parse(bytes: Array(base.snapshot(truth.story).text.utf8), file: "a"),
                    try SnapshotParser.parse(bytes: Array(copy.text.utf8), file: "b"))
        }
    }

    @Test func aCopyInTheOtherScriptIsSaidToBeOneAndNoCharacterIsMarked() throws {
        for (original, copy) in try Self.planted(.script) {
            let diff = ArticleDiff(from: original, to: copy, sameStory: true)
            #expect(diff.scriptOnly, "\(original.title) / \(copy.title)")
            #expect(!diff.marksCharacters)
            #expect(diff.headline?.hasPrefix("the same text in the other script") == true, "\(diff.headline ?? "nil")")
        }
    }

    @Test func aRepostNamesBothSources() throws {
        for (original, copy) in try Self.planted(.repost) {
            let diff = ArticleDiff(from: original, to: copy, sameStory: true)
            let from = try #require(original.source), to = try #require(copy.source)
            #expect(!diff.scriptOnly)
            #expect(diff.marksCharacters)
            #expect(diff.source == ArticleDiff.SourceChange(from: from, to: to))
            #expect(diff.headline == "source: \(from) → \(to)")
        }
    }

    @Test func anEditByItsOwnSourceNeedsNoHeadline() throws {
        for (original, copy) in try Self.planted(.edit) {
            let diff = ArticleDiff(from: original, to: copy, sameStory: true)
            #expect(diff.title != nil || !diff.blocks.isEmpty)
            #expect(diff.headline == nil, "\(diff.headline ?? "")")
            #expect(diff.marksCharacters)
        }
    }

    @Test func twoStoriesTheCorpusKeepsApartAreSaidToBeTwo() throws {
        let stories = try Self.planted(.recrawl, count: 2)
        let (a, b) = (stories[0].original, stories[1].original)
        let diff = ArticleDiff(from: a, to: b, sameStory: false)
        #expect(diff.differentStories)
        #expect(diff.headline == "not copies of one story", "a source change between two stories is no news")
        #expect(!diff.marksCharacters)
        // Not asked: no claim either way.
        #expect(ArticleDiff(from: a, to: b).headline?.contains("not copies") != true)
        // Equal text is one story, whatever the grouping says (a short body is never grouped).
        let same = ArticleDiff(from: a, to: a, sameStory: false)
        #expect(same.isEmpty && !same.differentStories && same.headline == nil)
    }

    @Test func aSourceInTheOtherScriptIsTheSameSource() {
        let old = Article(id: "a", title: "国家", source: "新华网", body: [BodyBlock(.paragraph, "头发")])
        let new = Article(id: "b", title: "國家", source: "新華網", body: [BodyBlock(.paragraph, "頭髮")])
        let diff = ArticleDiff(from: old, to: new, sameStory: true)
        #expect(diff.source == nil)
        #expect(diff.headline == "the same text in the other script")
        let moved = ArticleDiff(from: old, to: Article(id: "c", title: "国家", source: nil, body: old.body), sameStory: true)
        #expect(moved.headline == "source: 新华网 → none")
    }
}
