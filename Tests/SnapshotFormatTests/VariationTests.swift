import CorpusGenerator
import Foundation
import Testing
@testable import SnapshotFormat

/// Fixtures written for the project, one per variation of FORMAT.md.
@Suite struct VariationTests {
    @Test func fullWidthColonsSpacesAndTitledRelatedItems() throws {
        let article = try SnapshotParser.parse(fileAt: TestPaths.fixture("full-width-colons.txt"))
        #expect(article.title == "海岛小学用上“云课堂”,渔家孩子听到名师讲课")
        #expect(article.category == "科技")
        #expect(article.publishedAt?.iso8601 == "2024-07-02T09:05:00+08:00")
        #expect(article.source == "东海之声")
        #expect(article.byline == "通讯员 林小舟 摄影 郑海鸣")
        #expect(article.body.map(\.kind) == [.paragraph, .paragraph, .heading, .paragraph, .image])
        #expect(article.snapshot == SnapshotInfo(
            site: "kz.example.net", capturedAt: SnapshotTime(parsing: "2024-07-02 12:30:00"),
            originalURL: "https://news.example.cn/2024/0702/island-school.html"))
        #expect(article.related == [
            RelatedItem(title: "渔船装上北斗终端", excerpt: "...出海的渔民可以随时收到气象预警,渔船位置也能实时回传到岸上的指挥中心",
                        publishedAt: SnapshotTime(parsing: "2024-06-18 15:20:00")),
            RelatedItem(title: nil, excerpt: "本文转自:东海之声-新闻频道 海岛通上第二条海底光缆,网速提升十倍",
                        publishedAt: SnapshotTime(parsing: "2024-05-30 08:00:00")),
        ])
        #expect(article.moreCategory == "科技")
        #expect(article.warnings.isEmpty)
    }

    @Test func gb18030FileDecodesToTheSameArticle() throws {
        let utf8 = try SnapshotParser.parse(fileAt: TestPaths.fixture("full-width-colons.txt"))
        let gb = try SnapshotParser.parse(fileAt: TestPaths.fixture("full-width-colons.gb18030.txt"))
        #expect(gb.id == utf8.id)
        #expect(gb.body == utf8.body)
        #expect(gb.related == utf8.related)
        #expect(gb.warnings == ["decoded as GB18030"])
    }

    @Test func truncatedSnapshotKeepsHeaderAndBodyWithWarning() throws {
        let article = try SnapshotParser.parse(fileAt: TestPaths.fixture("truncated.txt"))
        #expect(article.title == "早市菜价回落,本周蔬菜供应充足")
        #expect(article.crumbs == ["财经"])
        #expect(article.source == "山城晚报")
        #expect(article.byline == "记者 何春生")
        #expect(article.body.count == 2)
        #expect(article.snapshot == SnapshotInfo())
        #expect(article.warnings == ["no snapshot footer"])
    }

    @Test func missingFieldsAndEditorNote() throws {
        let article = try SnapshotParser.parse(fileAt: TestPaths.fixture("no-crumbs-missing-fields.txt"))
        #expect(article.crumbs.isEmpty)
        #expect(article.source == nil)
        #expect(article.byline == nil)
        #expect(article.category == "社会", "falls back to the trailer's category")
        #expect(article.editorNote == "一碗热饭,连着民生。本报推出“家门口的幸福”系列报道。")
        #expect(article.body == [BodyBlock(.paragraph, "社区食堂每天供应午餐和晚餐,六十岁以上老人凭卡享受优惠。")])
        #expect(article.snapshot.originalURL == nil)
        #expect(article.related.isEmpty)
    }

    @Test(arguments: [
        "类别:国内\u{00A0}发布时间:2024-03-25 11:52:00\u{00A0}来源:齐鲁壹点",
        "类别:国内 发布时间:2024-03-25 11:52:00 来源:齐鲁壹点",
        "类别：国内    发布时间：2024-03-25 11:52:00    来源：齐鲁壹点",
        "类别:国内发布时间:2024-03-25 11:52:00来源:齐鲁壹点",
        "来源:齐鲁壹点 类别:国内 发布时间:2024/03/25 11:52:00",
    ])
    func metadataSeparators(line: String) throws {
        let article = try parse("标题在这里\n\n\(line)\n\n正文第一段。\n")
        #expect(article.category == "国内")
        #expect(article.source == "齐鲁壹点")
        #expect(article.publishedAt?.iso8601 == "2024-03-25T11:52:00+08:00")
        #expect(article.warnings == ["no snapshot footer"])
    }

    @Test func relatedItemsWithBlankLinesAndMultiLineTitles() throws {
        let text = """
        标题

        类别:国内

        正文。

        以上内容为资讯信息快照,由a.example爬虫进行采集并收录。

        信息原文地址:

        第一行标题
        第二行标题
        ...片段一
        2023-01-02 03:04:05

        片段二
        2023-02-03 04:05
        没有日期的片段
        更多关于国内的资讯:
        """
        let article = try parse(text)
        #expect(article.related == [
            RelatedItem(title: "第一行标题 第二行标题", excerpt: "...片段一", publishedAt: SnapshotTime(year: 2023, month: 1, day: 2, hour: 3, minute: 4, second: 5)),
            RelatedItem(title: nil, excerpt: "片段二", publishedAt: SnapshotTime(year: 2023, month: 2, day: 3, hour: 4, minute: 5)),
        ])
        #expect(article.warnings == ["1 related line without a date"])
        #expect(article.snapshot.site == "a.example")
    }

    @Test func originalURLOnTheNextLine() throws {
        let article = try parse("标题\n\n类别:国内\n\n正文。\n\n以上内容为资讯信息快照,由a.example爬虫进行采集。\n\n信息原文地址:\nhttps://example.cn/a.html\n\n...片段\n2023-01-02 03:04:05\n")
        #expect(article.snapshot.originalURL == "https://example.cn/a.html")
        #expect(article.related.count == 1)
    }

    @Test(arguments: [
        ("notes.md", "not a snapshot"),
        ("plain-chinese.txt", "not a snapshot"),
    ])
    func otherTextIsNotASnapshot(name: String, key: String) {
        #expect(throws: SnapshotError.self) { try SnapshotParser.parse(fileAt: TestPaths.fixture(name)) }
        do {
            _ = try SnapshotParser.parse(fileAt: TestPaths.fixture(name), displayName: name)
        } catch {
            #expect(error.problem.key == key)
            #expect(error.description.hasPrefix("\(name): not a snapshot: "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func emptyBinaryAndUndecodableInput() {
        #expect(problem(of: []) == .empty)
        #expect(problem(of: Array("  \n\r\n\t\n".utf8)) == .empty)
        #expect(problem(of: [0xEF, 0xBB, 0xBF]) == .empty)
        #expect(problem(of: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00]) == .binary)
        #expect(problem(of: Array(repeating: 0x01, count: 50) + Array("标题\n类别:国内\n".utf8)) == .binary)
        // 0xFF is not a GB18030 lead byte and not UTF-8.
        #expect(problem(of: [0xFF, 0xFF, 0x41, 0x0A]) == .notText)
    }

    @Test func unreadablePathsAreErrorsNamingTheFile() {
        do {
            _ = try SnapshotParser.parse(fileAt: "/nonexistent/file.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/file.txt: cannot be read: No such file or directory")
        }
        do {
            _ = try SnapshotParser.parse(fileAt: TestPaths.fixtures)
            Issue.record("expected an error")
        } catch {
            // A folder is refused before it is read, by its kind.
            #expect(error.problem.key == "not a regular file")
        }
    }

    @Test func headingsAndParagraphsAreToldApart() throws {
        let article = try parse("标题\n\n类别:国内\n\n短小标题\n\n“加引号的小标题”\n\n这是一个句子。\n\n短句也是段落。\n\n他说:“好。”\n\n列举如下:\n")
        #expect(article.body.map(\.kind) == [.heading, .heading, .paragraph, .paragraph, .paragraph, .paragraph])
    }

    /// The binary check, which passes over plain runs 32 bytes at a time,
    /// says what a byte-at-a-time count says, on random mixtures of text,
    /// controls, C1 controls and NULs, at every length around the steps.
    @Test func theBinaryCheckCountsAsAByteAtATimeLoop() {
        func reference(_ bytes: [UInt8]) -> Bool {
            var controls = 0
            for byte in bytes where byte < 0x20 || byte == 0x7F {
                switch byte {
                case 0x00: return true
                case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: continue
                default: controls += 1
                }
            }
            return controls * 100 > bytes.count
        }
        let pieces: [[UInt8]] = [Array("社区".utf8), Array("a".utf8), [0x0A], [0x0D, 0x0A], [0x09], [0x1B], [0x0C], [0x01], [0x7F], [0x00],
                                 [0xC2, 0x85], [0xC2], Array(repeating: 0x61, count: 40)]
        var random = SplitMix64(seed: 17)
        var binary = 0
        for _ in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 90) {
                let piece = Int(random.next() % UInt64(pieces.count))
                // NULs and plain controls rarely, so that both answers come up.
                if piece == 9 || piece == 7 || piece == 8, random.next() % 8 != 0 { continue }
                bytes += pieces[piece]
            }
            let found = TextDecoding.looksBinary(bytes[...])
            if found { binary += 1 }
            #expect(found == reference(bytes), "\(bytes)")
        }
        #expect(binary > 100 && binary < 3900, "\(binary) of 4000 binary: the mix does not try both answers")
    }
}

extension TextDecoding {
    static func convertGB18030ToTest(_ text: String) -> [UInt8]? {
        let handle = iconv_open("GB18030", "UTF-8")
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(handle) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                guard iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        return produced.map { Array(output[0..<$0]) }
    }
}
