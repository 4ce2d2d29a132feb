import SnapshotFormat
import Testing
@testable import ReaderCore

/// The diff view says first what kind of difference it shows, in the words
/// `snapread diff` prints on its first line.
@Suite struct DiffHeadlineViewTests {
    static func state(_ old: Article, _ new: Article, sameStory: Bool) -> DiffState {
        let side = { (handle: Int64, article: Article) in
            DiffSide(handle: handle, title: article.title, source: article.source, publishedAt: nil, capturedAt: nil)
        }
        var state = DiffState(from: side(1, old), to: side(2, new))
        state.diff = ArticleDiff(from: old, to: new, sameStory: sameStory)
        return state
    }

    static let story = Article(id: "a", title: "乡村书店开进老粮仓", source: "运河日报", body: [
        BodyBlock(.paragraph, "河湾村的老粮仓建于上世纪六十年代,闲置多年后被改造成了一家乡村书店。"),
        BodyBlock(.paragraph, "书店保留了粮仓的拱顶和木梁,书架沿着墙一圈排开。"),
    ])

    @Test func aRepostNamesBothSourcesAndMarksTheEdit() {
        var repost = Self.story
        repost.source = "新华网"
        repost.body[1] = BodyBlock(.paragraph, "书店保留了粮仓的拱顶和木梁,书架沿着墙排开。")
        let text = DiffView.lines(Self.state(Self.story, repost, sameStory: true), width: 80).map(\.text)
        #expect(text.contains(" source: 运河日报 → 新华网"), "\(text)")
        #expect(text.contains { $0.contains("[-一圈-]") }, "the edit is marked by character: \(text)")
    }

    @Test func twoStoriesAreSaidToBeTwoAndShownWhole() {
        let other = Article(id: "b", title: "乡村书店周末挤满看绘本的孩子", source: "运河日报", body: [
            BodyBlock(.paragraph, "周末常有城里的家长带孩子来读绘本,书店里坐满了人。"),
        ])
        let lines = DiffView.lines(Self.state(Self.story, other, sameStory: false), width: 80)
        let text = lines.map(\.text)
        #expect(text.contains(" not copies of one story"), "\(text)")
        #expect(lines.contains { $0.spans.contains { $0.text == "not copies of one story" && $0.role == .warning } })
        #expect(text.contains("   [-乡村书店开进老粮仓-]"), "the old title whole: \(text)")
        #expect(text.contains("   {+乡村书店周末挤满看绘本的孩子+}"), "the new title whole: \(text)")
    }

    @Test func theOtherScriptListsNothingBelowTheLine() throws {
        let traditional = try ScriptConverter(to: .traditional).convert(Self.story)
        let text = DiffView.lines(Self.state(Self.story, traditional, sameStory: true), width: 80).map(\.text)
        #expect(text.contains(" the same text in the other script"), "\(text)")
        #expect(!text.contains { $0.contains("[-") || $0.contains("changed") }, "\(text)")
    }
}
