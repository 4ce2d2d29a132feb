import CorpusGenerator
import Testing
@testable import SnapshotFormat

/// Hostile and huge inputs: the parser must answer (an article or an error),
/// never crash or hang. Speed is measured in Benchmarks/, not here.
@Suite struct RobustnessTests {
    @Test func fiveMegabyteSnapshot() throws {
        let paragraph = String(repeating: "社区志愿者及时清理小区周边的垃圾,不断提高文明创建的参与度。", count: 20)
        var text = "标题\n\n类别:国内 发布时间:2024-01-01 00:00:00 来源:测试\n\n"
        while text.utf8.count < 5_000_000 { text += paragraph + "\n\n" }
        let article = try parse(text)
        #expect(article.body.count > 2000)
    }

    @Test func twoMillionCharacterLine() throws {
        let line = String(repeating: "长", count: 2_000_000)
        let article = try parse("标题\n\n类别:国内\n\n" + line)
        #expect(article.body.count == 1)
        #expect(article.body[0].text.unicodeScalars.count == 2_000_000)
        // And as the first line: too long to be a title's metadata, still no hang.
        #expect(throws: SnapshotError.self) { try parse(line) }
    }

    @Test func hundredThousandBlankLines() throws {
        let blanks = String(repeating: "\n", count: 100_000)
        #expect(problem(of: Array(blanks.utf8)) == .empty)
        let article = try parse("标题\n" + blanks + "类别:国内\n" + blanks + "正文。" + blanks)
        #expect(article.body == [BodyBlock(.paragraph, "正文。")])
        #expect(throws: SnapshotError.self) { try parse(blanks + "没有结构的文字" + blanks) }
    }

    @Test func manyRelatedDatesAndMarkers() throws {
        var text = "标题\n\n类别:国内\n\n正文。\n\n信息原文地址:\n\n"
        for _ in 0..<50_000 { text += "2023-01-01 00:00:00\n" }
        let article = try parse(text)
        #expect(article.related.isEmpty)
        #expect(article.warnings.contains("a related date with no excerpt"))
    }

    /// Thousands of mutated snapshots and random byte strings, from fixed seeds
    /// so a failure reproduces.
    @Test func mutatedAndRandomInputsNeverCrash() {
        let generator = CorpusGenerator(count: 40, seed: 7)
        var rng = SplitMix64(seed: 99)
        var parsed = 0
        var refused = 0
        let markers = ["•", "类别:", "发布时间:", "来源:", "【编者按】", "以上内容为资讯信息快照,由", "爬虫", "快照生成时间:",
                       "信息原文地址:", "更多关于", "的资讯:", "2023-01-01 00:00:00", "...", "\r", "\n", "\u{00A0}", "\u{FEFF}"]
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 5 == 4 {
                bytes = (0..<Int(rng.next() % 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = Array(generator.snapshot(round % 40).text.utf8)
                for _ in 0..<Int(1 + rng.next() % 8) {
                    guard !bytes.isEmpty else { break }
                    let at = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 6 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 300)))
                    case 2: bytes.insert(contentsOf: Array(markers[Int(rng.next() % UInt64(markers.count))].utf8), at: at)
                    case 3: bytes = Array(bytes[..<at])
                    case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 200)], at: Int(rng.next() % UInt64(bytes.count)))
                    default: bytes[at] = [0x0A, 0x0D, 0x00, 0x20, 0xE2][Int(rng.next() % 5)]
                    }
                }
            }
            switch SnapshotParser.parseResult(bytes) {
            case .success(let article):
                parsed += 1
                #expect(!article.title.isEmpty)
                #expect(article.id.utf8.count == 16)
            case .failure:
                refused += 1
            }
        }
        #expect(parsed + refused == 3000)
        #expect(parsed > 1000, "most mutated snapshots should still parse")
    }

    @Test func generatedCorpusParsesWithoutWarnings() throws {
        let generator = CorpusGenerator(count: 200, seed: 3)
        for n in 0..<200 {
            let snapshot = generator.snapshot(n)
            let article = try parse(snapshot.text, file: snapshot.fileName)
            #expect(article.warnings.isEmpty, "\(snapshot.fileName): \(article.warnings)")
            #expect(article.title == snapshot.title)
            #expect(article.publishedAt == snapshot.publishedAt)
            #expect(article.related.count == snapshot.relatedTargets.count)
        }
    }
}
