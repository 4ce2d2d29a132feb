import CorpusGenerator
import Testing
@testable import SnapshotFormat

/// The byline in traditional characters, and a repost's `本文转自` note: a
/// new user saw `■ 編輯 楊子涵` and `■ 本文转自:新华网` as body headings.
@Suite struct TraditionalBylineTests {
    /// A snapshot with `byline` as the body's first line and `lines` after it.
    static func snapshot(byline: String, lines: [String]) -> String {
        (["• 我的订阅", "  • 国内", "", "春耕備耕忙", "", "类别:国内\u{00A0}发布时间:2024-03-20 08:30:00\u{00A0}来源:明報新聞網", "", byline]
            + lines.flatMap { ["", $0] }
            + ["", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站不对内容的真实性负责。", "快照生成时间:2024-03-25 14:45:16",
               "本站信息快照查询为非营利公共服务,如有侵权请联系删除。", "信息原文地址:", "更多关于国内的资讯:"]).joined(separator: "\n")
    }

    @Test(arguments: ["編輯 楊子涵", "責任編輯 楊子涵", "記者 田佳玉 通訊員 賈依琳", "攝影 王小明", "實習生 李華", "新華網記者 張三"])
    func aTraditionalBylineIsTheByline(_ byline: String) throws {
        let article = try parse(Self.snapshot(byline: byline, lines: ["清晨的薄霧還沒散去,合作社的拖拉機已經開進了田裡。"]))
        #expect(article.byline == byline)
        #expect(article.body.map(\.kind) == [.paragraph])
    }

    @Test(arguments: ["本文转自:新华网", "本文轉自:新華網", "本文转自：人民网-山西频道"])
    func aRepostNoteIsAParagraphNotAHeading(_ note: String) throws {
        let article = try parse(Self.snapshot(byline: "编辑 杨子涵", lines: [note, "镇里去年冬天疏通了三条主干水渠。", "水渠通了心里才踏实"]))
        #expect(article.body.map(\.kind) == [.paragraph, .paragraph, .heading])
        #expect(article.body.first?.text == note)
    }

    /// snapgen's traditional copies (OpenCC s2t of the original) parse into
    /// the same parts as their originals: the byline stays a byline, so the
    /// diff of a pair names no heading added.
    @Test func aGeneratedTraditionalCopyParsesAsItsOriginal() throws {
        let converter = try ScriptConverter(to: .traditional)
        let base = CorpusGenerator(count: 30, seed: 5)
        let planter = CopyPlanter(base: base, copies: 30, kinds: [.script])
        var bylines = 0
        for k in 0..<planter.copies {
            let (copy, truth) = planter.planted(k, converter: converter)
            let original = try SnapshotParser.parse(bytes: Array(base.snapshot(truth.story).text.utf8), file: "a")
            let traditional = try SnapshotParser.parse(bytes: Array(copy.text.utf8), file: "b")
            #expect(traditional.byline == original.byline.map(converter.convert), "story \(truth.story)")
            #expect(traditional.body.map(\.kind) == original.body.map(\.kind), "story \(truth.story)")
            let diff = ArticleDiff(from: original, to: traditional)
            #expect(!diff.blocks.contains { $0.change == .added && $0.kind == .heading }, "story \(truth.story)")
            if original.byline != nil { bylines += 1 }
        }
        #expect(bylines > 5, "the check saw bylines")
    }

    /// snapgen's reposts put `本文转自:…` first or last: a paragraph either way.
    @Test func aGeneratedRepostKeepsItsNoteAsAParagraph() throws {
        let base = CorpusGenerator(count: 20, seed: 9)
        let planter = CopyPlanter(base: base, copies: 20, kinds: [.repost])
        for k in 0..<planter.copies {
            let (copy, _) = planter.planted(k, converter: nil)
            let repost = try SnapshotParser.parse(bytes: Array(copy.text.utf8), file: "r")
            let notes = repost.body.filter { $0.text.hasPrefix("本文转自") }
            #expect(notes.count == 1)
            #expect(notes.allSatisfy { $0.kind == .paragraph })
        }
    }

    /// The real sample's story in traditional characters, as a Hong Kong copy
    /// on the same snapshot site would be: the article's lines go through
    /// OpenCC s2t, the site's own frame (the breadcrumbs, the `类别` line, the
    /// footer) stays as the site writes it. Its `【編者按】` is the editor's
    /// note, as `【编者按】` is in the original, so the diff of the pair says
    /// the script alone changed.
    @Test func theSampleInTraditionalKeepsItsEditorsNote() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let converter = try ScriptConverter(to: .traditional)
        let original = try SnapshotParser.parse(bytes: bytes, file: "a")
        let frame = ["•", " ", "类别", "以上内容", "快照生成", "本站信息", "信息原文", "更多关于"]
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            frame.contains(where: { line.hasPrefix($0) }) ? String(line) : converter.convert(String(line))
        }.joined(separator: "\n")
        #expect(text.contains("【編者按】"))
        let traditional = try SnapshotParser.parse(bytes: Array(text.utf8), file: "b")
        #expect(original.editorNote != nil)
        #expect(traditional.editorNote == original.editorNote.map(converter.convert))
        #expect(original.editorNoteLabel == "【编者按】")
        #expect(traditional.editorNoteLabel == "【編者按】")
        #expect(traditional.body.map(\.kind) == original.body.map(\.kind))
        #expect(ArticleDiff(from: original, to: traditional).scriptOnly)
    }
}
