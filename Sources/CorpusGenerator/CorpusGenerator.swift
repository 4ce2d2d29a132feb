import SnapshotFormat

/// One generated snapshot: its file name, its text, and for each related item
/// the file it was cut from (nil when that story is not in the corpus).
public struct GeneratedSnapshot: Sendable {
    public var fileName: String
    public var text: String
    public var relatedTargets: [String?]
    public var title: String
    public var publishedAt: SnapshotTime
}

/// Writes synthetic snapshots in the exact format of the real sample: crumbs,
/// title, NBSP-separated metadata, optional byline and editor's note, body with
/// sub-headings and image placeholders, footer, and related items whose true
/// targets are known. Article `n` is a pure function of the seed and `n`, so a
/// related item can quote any other article, in the corpus or outside it.
public struct CorpusGenerator: Sendable {
    public var count: Int
    public var seed: UInt64
    /// Percentage of related items that point to stories outside the corpus.
    public var outsidePercent: Int
    /// Files per subfolder; 0 puts everything at the top level.
    public var filesPerFolder: Int

    public init(count: Int, seed: UInt64 = 1, outsidePercent: Int = 20, filesPerFolder: Int = 0) {
        self.count = count
        self.seed = seed
        self.outsidePercent = outsidePercent
        self.filesPerFolder = filesPerFolder
    }

    /// The relative path of article `n`.
    public func fileName(_ n: Int) -> String {
        var rng = SplitMix64(seed: seed &+ UInt64(n) &* 0x1000_0001)
        let hex = String(rng.next(), radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        let number = String(n % 1000)
        let name = String(repeating: "0", count: 3 - number.count) + number + "_" + padded + ".txt"
        guard filesPerFolder > 0 else { return name }
        let folder = String(n / filesPerFolder)
        return "part-" + String(repeating: "0", count: max(0, 3 - folder.count)) + folder + "/" + name
    }

    /// Article `n` of the corpus, complete with related items.
    public func snapshot(_ n: Int) -> GeneratedSnapshot {
        let core = StoryCore(index: n, seed: seed)
        var rng = SplitMix64(seed: seed ^ (UInt64(n) &* 0x9E37_79B9) ^ 0x5555)
        var related: [(title: String?, excerpt: String, date: SnapshotTime)] = []
        var targets: [String?] = []
        let relatedCount = rng.int(3...10)
        for _ in 0..<relatedCount {
            let outside = count < 2 || rng.chance(outsidePercent)
            var target = outside ? count + rng.int(0...1_000_000) : rng.int(0...(count - 1))
            if !outside, target == n { target = (n + 1) % count }
            let other = StoryCore(index: target, seed: seed)
            related.append((rng.chance(25) ? other.title : nil, other.excerpt(&rng), other.publishedAt))
            targets.append(outside ? nil : fileName(target))
        }
        let text = core.render(related: related, rng: &rng)
        return GeneratedSnapshot(fileName: fileName(n), text: text, relatedTargets: targets,
                                 title: core.title, publishedAt: core.publishedAt)
    }
}

/// The parts of a story that other stories can quote: title, date, body.
struct StoryCore {
    var title: String
    var category: String
    var source: String
    var publishedAt: SnapshotTime
    var byline: String?
    var editorNote: String?
    var body: [BodyBlock]

    init(index: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed &* 31 &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        category = rng.pick(Vocabulary.categories)
        source = rng.pick(Vocabulary.sources)
        title = StoryCore.makeTitle(&rng)
        // Distinct minutes across 2023-2024, with seconds, so dates rarely collide.
        let start: Int64 = 1_672_502_400 // 2023-01-01 00:00 in Beijing
        publishedAt = SnapshotTime(epochSeconds: start + Int64(rng.int(0...(731 * 86_400 - 1))))
        if rng.chance(60) {
            var parts: [String] = []
            for _ in 0..<rng.int(1...2) {
                parts.append(rng.pick(Vocabulary.roles) + " " + rng.pick(Vocabulary.surnames) + rng.pick(Vocabulary.givenNames))
            }
            byline = parts.joined(separator: " ")
        }
        if rng.chance(15) { editorNote = StoryCore.makeParagraph(&rng, sentences: 2) }
        var blocks: [BodyBlock] = []
        let paragraphs = rng.int(5...10)
        for position in 0..<paragraphs {
            if position > 1, rng.chance(12) {
                blocks.append(BodyBlock(.heading, "“" + rng.pick(Vocabulary.adjectives) + "”" + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.nouns) + "“" + rng.pick(Vocabulary.phrases) + "”"))
            }
            if position > 0, rng.chance(15) { blocks.append(BodyBlock(.image, title)) }
            blocks.append(BodyBlock(.paragraph, StoryCore.makeParagraph(&rng, sentences: rng.int(2...4))))
        }
        body = blocks
    }

    static func makeTitle(_ rng: inout SplitMix64) -> String {
        var title = rng.pick(Vocabulary.nouns) + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.adjectives) + rng.pick(Vocabulary.nouns)
        if rng.chance(40) { title += "|" + rng.pick(Vocabulary.phrases) }
        if rng.chance(30) { title += "," + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.nouns) + rng.pick(Vocabulary.phrases) }
        if rng.chance(10) { title = rng.pick(Vocabulary.latinWords) + title }
        return title
    }

    static func makeSentence(_ rng: inout SplitMix64) -> String {
        var sentence = rng.chance(30) ? rng.pick(Vocabulary.connectors) + "," : ""
        let clauses = rng.int(2...4)
        for clause in 0..<clauses {
            if clause > 0 { sentence += rng.chance(70) ? "," : "、" }
            sentence += rng.pick(Vocabulary.nouns) + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.adjectives) + rng.pick(Vocabulary.nouns)
            if rng.chance(30) { sentence += rng.pick(Vocabulary.phrases) }
            if rng.chance(8) { sentence += String(rng.int(2...980)) + "个" }
            if rng.chance(5) { sentence += rng.pick(Vocabulary.latinWords) }
        }
        if rng.chance(15) {
            return "“" + sentence + "。”" + rng.pick(Vocabulary.surnames) + rng.pick(Vocabulary.givenNames) + rng.pick(Vocabulary.quoteVerbs) + "。"
        }
        return sentence + (rng.chance(10) ? "……" : "。")
    }

    static func makeParagraph(_ rng: inout SplitMix64, sentences: Int) -> String {
        (0..<sentences).map { _ in makeSentence(&rng) }.joined()
    }

    /// A fragment cut out of the body, the way a snapshot site quotes a story:
    /// usually `...` and 60 to 90 characters, sometimes running across two
    /// paragraphs, sometimes the body's opening without dots.
    func excerpt(_ rng: inout SplitMix64) -> String {
        let text = body.filter { $0.kind != .image }.map(\.text).joined()
        let characters = Array(text)
        let length = min(characters.count, rng.int(60...90))
        if rng.chance(10) { return String(characters[0..<length]) }
        let start = rng.int(0...max(0, characters.count - length))
        return "..." + String(characters[start..<(start + length)])
    }

    func render(related: [(title: String?, excerpt: String, date: SnapshotTime)], rng: inout SplitMix64) -> String {
        let nbsp = "\u{00A0}"
        var lines: [String] = ["• 我的订阅", "  • " + category, "", title, ""]
        let stamp = "\(publishedAt.dateString) \(Self.clock(publishedAt))"
        lines.append("类别:\(category)\(nbsp)发布时间:\(stamp)\(nbsp)来源:\(source)")
        if let byline { lines += ["", byline] }
        if let editorNote { lines += ["", "【编者按】" + editorNote] }
        for block in body { lines += ["", block.text] }
        let capture = SnapshotTime(epochSeconds: publishedAt.epochSeconds + Int64(rng.int(600...200_000)))
        lines += [
            "", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站未对信息做任何修改,信息内容不代表本站立场。",
            "", "快照生成时间:\(capture.dateString) \(Self.clock(capture))",
            "", "本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。",
            "", "信息原文地址:" + (rng.chance(30) ? "https://news.example.cn/\(publishedAt.year)/\(rng.int(10000...99999)).html" : ""),
            "",
        ]
        for item in related {
            if let title = item.title { lines.append(title) }
            lines.append(item.excerpt)
            lines.append("\(item.date.dateString) \(Self.clock(item.date))")
        }
        lines.append("更多关于\(category)的资讯:")
        return lines.joined(separator: "\n")
    }

    static func clock(_ time: SnapshotTime) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
    }
}
