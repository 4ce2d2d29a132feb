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
        guard let folder = folderName(n) else { return name }
        return folder + "/" + name
    }

    /// The subfolder article `n` is written in (nil: the top level).
    public func folderName(_ n: Int) -> String? {
        guard filesPerFolder > 0 else { return nil }
        let folder = String(n / filesPerFolder)
        return "part-" + String(repeating: "0", count: max(0, 3 - folder.count)) + folder
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
            let other = StoryDraft(index: target, seed: seed)
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
        self.init(StoryDraft(index: index, seed: seed))
    }

    init(_ draft: StoryDraft) {
        title = draft.title
        category = draft.category
        source = draft.source
        publishedAt = draft.publishedAt
        byline = draft.byline
        editorNote = draft.editorNote.map { String(decoding: $0, as: UTF8.self) }
        body = draft.blocks.map { BodyBlock($0.kind, $0.kind == .image ? draft.title : String(decoding: $0.text, as: UTF8.self)) }
    }

    static func makeTitle(_ rng: inout SplitMix64) -> String {
        var title = rng.pick(Vocabulary.nouns) + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.adjectives) + rng.pick(Vocabulary.nouns)
        if rng.chance(40) { title += "|" + rng.pick(Vocabulary.phrases) }
        if rng.chance(30) { title += "," + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.nouns) + rng.pick(Vocabulary.phrases) }
        if rng.chance(10) { title = rng.pick(Vocabulary.latinWords) + title }
        return title
    }

    /// Appends a sentence's UTF-8 in place: the same words, drawn in the
    /// same order, as sums of strings would give, without a string for each
    /// sum (building strings was most of the generator's time).
    static func appendSentence(to text: inout [UInt8], _ rng: inout SplitMix64) {
        let words = Vocabulary.utf8
        typealias Mark = Vocabulary.UTF8Words
        let opening = text.count
        if rng.chance(30) {
            words.connectors.appendPick(to: &text, &rng)
            words.marks.append(Mark.comma, to: &text)
        }
        let clauses = rng.int(2...4)
        for clause in 0..<clauses {
            if clause > 0 { words.marks.append(rng.chance(70) ? Mark.comma : Mark.enumerationComma, to: &text) }
            words.nouns.appendPick(to: &text, &rng)
            words.verbs.appendPick(to: &text, &rng)
            words.adjectives.appendPick(to: &text, &rng)
            words.nouns.appendPick(to: &text, &rng)
            if rng.chance(30) { words.phrases.appendPick(to: &text, &rng) }
            if rng.chance(8) {
                text += String(rng.int(2...980)).utf8
                words.marks.append(Mark.counter, to: &text)
            }
            if rng.chance(5) { words.latinWords.appendPick(to: &text, &rng) }
        }
        if rng.chance(15) {
            // The sentence becomes a quotation: its opening mark goes before it.
            text.insert(contentsOf: [0xE2, 0x80, 0x9C], at: opening) // “
            words.marks.append(Mark.closeQuotation, to: &text)
            words.surnames.appendPick(to: &text, &rng)
            words.givenNames.appendPick(to: &text, &rng)
            words.quoteVerbs.appendPick(to: &text, &rng)
            words.marks.append(Mark.fullStop, to: &text)
            return
        }
        words.marks.append(rng.chance(10) ? Mark.ellipsis : Mark.fullStop, to: &text)
    }

    static func makeParagraphUTF8(_ rng: inout SplitMix64, sentences: Int) -> [UInt8] {
        var paragraph: [UInt8] = []
        paragraph.reserveCapacity(sentences * 160)
        for _ in 0..<sentences { appendSentence(to: &paragraph, &rng) }
        return paragraph
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

/// A story as drawn from its seed, its text still UTF-8: all a related item
/// needs of the story it quotes (title, date, an excerpt), without the
/// strings of a whole `StoryCore`. `StoryCore` is made from it, so the two
/// cannot drift apart.
struct StoryDraft {
    var title: String
    var category: String
    var source: String
    var publishedAt: SnapshotTime
    var byline: String?
    var editorNote: [UInt8]?
    /// The body; an image's text is the title (left empty here).
    var blocks: [(kind: BodyBlock.Kind, text: [UInt8])]

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
        if rng.chance(15) { editorNote = StoryCore.makeParagraphUTF8(&rng, sentences: 2) }
        var blocks: [(kind: BodyBlock.Kind, text: [UInt8])] = []
        let paragraphs = rng.int(5...10)
        for position in 0..<paragraphs {
            if position > 1, rng.chance(12) {
                blocks.append((.heading, Array(("“" + rng.pick(Vocabulary.adjectives) + "”" + rng.pick(Vocabulary.verbs) + rng.pick(Vocabulary.nouns) + "“" + rng.pick(Vocabulary.phrases) + "”").utf8)))
            }
            if position > 0, rng.chance(15) { blocks.append((.image, [])) }
            blocks.append((.paragraph, StoryCore.makeParagraphUTF8(&rng, sentences: rng.int(2...4))))
        }
        self.blocks = blocks
    }

    /// A fragment cut out of the body, the way a snapshot site quotes a story:
    /// usually `...` and 60 to 90 characters, sometimes running across two
    /// paragraphs, sometimes the body's opening without dots.
    ///
    /// Counted in Unicode scalars, which is counting characters here: every
    /// word of the vocabulary is one scalar a character (a test checks it),
    /// and breaking text into characters was a third of the generator's time.
    func excerpt(_ rng: inout SplitMix64) -> String {
        // Scalars are counted on the UTF-8 (every byte that is not a
        // continuation byte starts one), no scalar or character made.
        var counts: [Int] = []
        counts.reserveCapacity(blocks.count)
        for block in blocks { counts.append(block.kind == .image ? 0 : Self.scalarCount(block.text)) }
        let total = counts.reduce(0, +)
        let length = min(total, rng.int(60...90))
        let whole = rng.chance(10)
        let start = whole ? 0 : rng.int(0...max(0, total - length))
        var cut: [UInt8] = whole ? [] : [0x2E, 0x2E, 0x2E] // ...
        cut.reserveCapacity(length * 3 + 3)
        // The scalars start..<start + length, block by block.
        var before = 0
        for (block, count) in zip(blocks, counts) where count > 0 {
            defer { before += count }
            let from = max(start, before) - before
            let to = min(start + length, before + count) - before
            guard from < to else { continue }
            let text = block.text
            cut += text[Self.offset(ofScalar: from, in: text)..<Self.offset(ofScalar: to, in: text)]
        }
        return String(decoding: cut, as: UTF8.self)
    }

    /// How many scalars the UTF-8 `bytes` hold, eight bytes at a time.
    static func scalarCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var continuations = 0
            let words = raw.count / 8
            for index in 0..<words {
                let word = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                // A continuation byte is 10xxxxxx: its top bit set, the next one clear.
                continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            }
            for index in (words * 8)..<raw.count where raw[index] & 0xC0 == 0x80 { continuations += 1 }
            return raw.count - continuations
        }
    }

    /// The byte offset at which scalar `scalar` of the UTF-8 `bytes` starts (the end for the count of scalars).
    static func offset(ofScalar scalar: Int, in bytes: [UInt8]) -> Int {
        var seen = -1
        for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            seen += 1
            if seen == scalar { return offset }
        }
        return bytes.count
    }
}
