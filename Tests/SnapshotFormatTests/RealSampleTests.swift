import Testing
@testable import SnapshotFormat

/// The real sample, checked field by field against values read off the file by hand.
@Suite struct RealSampleTests {
    let title = "聚焦“实敢当”工作亮点多|凝聚基层治理合力,助力创建文明城市"

    @Test func headerFields() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let article = try SnapshotParser.parse(bytes: bytes, file: "000_088c11af44b8187a.txt")
        #expect(article.crumbs == ["我的订阅", "国内"])
        #expect(article.title == title)
        #expect(article.category == "国内")
        #expect(article.publishedAt?.iso8601 == "2024-03-25T11:52:00+08:00")
        #expect(article.source == "大众报业·齐鲁壹点")
        #expect(article.byline == "记者 田佳玉 通讯员 贾依琳")
        #expect(article.editorNote?.hasPrefix("自环翠区开展“实敢当”作风提升专项行动以来") == true)
        #expect(article.editorNote?.hasSuffix("涌现了一批在全区具有较强引领性、可复制可推广的亮点经验和特色做法。") == true)
        #expect(article.warnings.isEmpty)
    }

    @Test func body() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let article = try SnapshotParser.parse(bytes: bytes, file: "sample")
        let kinds = article.body.map(\.kind)
        #expect(article.body.count == 21)
        #expect(kinds.filter { $0 == .image }.count == 5)
        #expect(article.body.filter { $0.kind == .heading }.map(\.text) == [
            "“三步法”助力创建工作“大格局”",
            "“手拉手”助推创建工作“大联合”",
            "“共治理”提升创建工作“大活力”",
        ])
        #expect(article.body.filter { $0.kind == .image }.allSatisfy { $0.text == title })
        #expect(article.body.first == BodyBlock(.paragraph, "“最威海是环翠”微信公众号推出“工作亮点”系列报道,动员全区各部门单位对照各领域的先进典型、先进经验,比学赶超、勇争一流,持续做好亮点典型的复制推广,凸显环翠特色,形成一批叫响全省全国的“环翠经验”,为打造精致、幸福、充满活力的共同富裕先行示范区提供坚强保障。"))
        #expect(article.body.last == BodyBlock(.paragraph, "“没有想到事情能这么快得到解决,看着新铺的沥青路面,心里满是感动,社区为我们着想,我们是打心眼里高兴。”望岛社区居民杨先生说。"))
        // No metadata, byline, note or footer text leaks into the body.
        let text = article.body.map(\.text).joined()
        for leak in ["类别", "记者 田佳玉", "编者按", "以上内容为资讯信息快照", "快照生成时间", "本站信息快照查询", "信息原文地址", "更多关于"] {
            #expect(!text.contains(leak), "body contains \(leak)")
        }
        #expect(article.body.contains { $0.text.contains("重中之重……”") })
    }

    @Test func footerAndRelated() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let article = try SnapshotParser.parse(bytes: bytes, file: "sample")
        #expect(article.snapshot.site == "td.fyun.cc")
        #expect(article.snapshot.capturedAt?.iso8601 == "2024-03-25T14:45:16+08:00")
        #expect(article.snapshot.originalURL == nil)
        #expect(article.moreCategory == "国内")
        #expect(article.related.count == 9)
        #expect(article.related.map { $0.publishedAt?.iso8601 ?? "" } == [
            "2023-06-29T16:46:00+08:00", "2023-03-15T02:36:00+08:00", "2023-04-19T14:02:00+08:00",
            "2023-01-11T12:08:00+08:00", "2023-05-03T08:17:00+08:00", "2024-04-12T03:58:00+08:00",
            "2024-05-24T05:57:00+08:00", "2023-01-10T11:12:00+08:00", "2023-06-28T00:26:00+08:00",
        ])
        #expect(article.related.map(\.title) == [
            nil, "成都高新区桂溪街道:党建引领聚合力 用文明擦亮城市幸福底色", nil, nil, nil, nil, nil,
            "“运河之都·仁义任城”道德品牌建设亮点频现", nil,
        ])
        #expect(article.related[0].excerpt == "...市创建的知晓率、参与度、满意度,着力营造全民参与、合力创建的浓厚氛围。积极履职,当好文明城市创建工作的推动者。政协委员主动投身创建一线,聚焦创建文明城市的热点难点、焦点问题,")
        #expect(article.related[3].excerpt.hasPrefix("本文转自:人民网-山西频道"))
        #expect(article.related[6].excerpt.hasPrefix("贵州日报天眼新闻记者 陈玉林"))
        #expect(article.related[7].excerpt.contains("家长们、 危急时刻"))
    }

    @Test func idIsStableAcrossLineEndsBOMAndEncoding() throws {
        guard let bytes = TestPaths.sampleBytes() else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let base = try parse(text)
        let crlf = try parse(text.replacingOccurrences(of: "\n", with: "\r\n"), file: "elsewhere/renamed.txt")
        let cr = try parse(text.replacingOccurrences(of: "\n", with: "\r"))
        let bom = try SnapshotParser.parse(bytes: [0xEF, 0xBB, 0xBF] + bytes, file: "b")
        let trailing = try parse(text.replacingOccurrences(of: "\n", with: "  \n"))
        let gb = try #require(TextDecoding.convertGB18030ToTest(text))
        let gbArticle = try SnapshotParser.parse(bytes: gb, file: "gb")
        for variant in [crlf, cr, bom, trailing, gbArticle] {
            #expect(variant.id == base.id)
            #expect(variant.title == base.title)
            #expect(variant.body == base.body)
            #expect(variant.related == base.related)
            #expect(variant.source == base.source)
            #expect(variant.byline == base.byline)
            #expect(variant.snapshot == base.snapshot)
        }
        #expect(gbArticle.warnings == ["decoded as GB18030"])
        // A re-crawl (new capture time, other related items) keeps the id.
        let recrawled = try parse(text.replacingOccurrences(of: "快照生成时间:2024-03-25 14:45:16", with: "快照生成时间:2024-06-01 08:00:00"))
        #expect(recrawled.id == base.id)
        // A different article does not.
        let edited = try parse(text.replacingOccurrences(of: "居民邵林华说", with: "居民王先生说"))
        #expect(edited.id != base.id)
    }
}
