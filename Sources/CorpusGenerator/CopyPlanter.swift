import SnapshotFormat

/// What a planted snapshot is, for the truth written beside a corpus with
/// copies: an original story, one of its copies, or a decoy (a different
/// story that looks like another one and must not be grouped with it).
public enum PlantedKind: String, Sendable, CaseIterable, Codable {
    case original
    /// The same text, captured again days later.
    case recrawl
    /// Another source and byline, a `本文转自` line, a paragraph dropped, hours later.
    case repost
    /// A reworded title and one rewritten paragraph.
    case edit
    /// The story in traditional characters (OpenCC s2t), from a Hong Kong or Taiwan outlet.
    case script
    /// An edit (a reworded title, one rewritten paragraph) in traditional
    /// characters, from a Hong Kong or Taiwan outlet.
    case scriptEdit = "script-edit"
    /// A different story that shares one boilerplate paragraph with other decoys.
    case boilerplateDecoy = "boilerplate-decoy"
    /// A different story under the same recurring column title.
    case columnDecoy = "column-decoy"
    /// A wire brief: 30 to 70 characters of its own under the long notice
    /// every brief carries (most of its text), and no other paragraph.
    case briefDecoy = "brief-decoy"

    /// The kinds that are copies of an original.
    public static let copyKinds: [PlantedKind] = [.recrawl, .repost, .edit, .script, .scriptEdit]
}

/// One file of the truth: which story it tells and how it came about.
public struct PlantedFile: Sendable, Equatable, Codable {
    public var file: String
    /// Files with the same story are copies of each other; every decoy has its own.
    public var story: Int
    public var kind: PlantedKind
    /// For an edit (in either script), which block the editor rewrote,
    /// counting the paragraphs and headings of the body from 0 (images left
    /// out, as `ArticleDiff` counts); the title is reworded too. Nil for the
    /// other kinds, and left out of the JSON.
    public var rewrittenBlock: Int?

    /// A file of the truth; `rewrittenBlock` only for an edit.
    public init(file: String, story: Int, kind: PlantedKind, rewrittenBlock: Int? = nil) {
        self.file = file
        self.story = story
        self.kind = kind
        self.rewrittenBlock = rewrittenBlock
    }
}

/// A corpus of generated stories with planted copies and decoys, and the truth
/// about them. Originals are the stories of `CorpusGenerator` (0..<count);
/// copies and decoys are numbered after them.
public struct CopyPlanter: Sendable {
    public var base: CorpusGenerator
    /// How many copies to plant, the kinds taking turns (of `kinds`).
    public var copies: Int
    /// How many decoys of each of the first two kinds (boilerplate, column).
    public var decoys: Int
    /// How many brief decoys, after the others.
    public var briefs: Int
    /// The kinds of copy to plant.
    public var kinds: [PlantedKind]

    /// Shared, word for word, by every boilerplate decoy.
    public static let boilerplate = "本报讯 欢迎广大读者关注本报微信公众号和客户端,获取更多本地新闻资讯。如您有新闻线索,请拨打本报新闻热线,我们将第一时间派出记者进行采访报道。本报对提供有价值线索的读者给予奖励。"
    /// Carried, word for word, under every brief decoy's own text.
    public static let briefNotice = "(本报综合消息)以上内容由本报新闻中心根据各地通讯员来稿整理编发,如需转载请注明出处并保留作者署名。读者如发现稿件内容有误,欢迎拨打新闻热线或通过客户端留言反映,我们将及时核实更正。更多本地资讯请关注本报微信公众号、微博账号和新闻客户端,感谢您的阅读与支持。"
    /// The recurring column title every column decoy runs under.
    public static let columnTitle = "每日新闻速览"
    static let traditionalSources = ["香港文匯網", "明報新聞網", "聯合新聞網", "中央社", "星島日報"]
    static let repostOrigins = ["人民网-山西频道", "新华网", "央视新闻客户端", "光明网", "中国新闻网"]

    public init(base: CorpusGenerator, copies: Int, decoys: Int = 0, briefs: Int = 0, kinds: [PlantedKind] = PlantedKind.copyKinds) {
        self.base = base
        self.copies = copies
        self.decoys = decoys
        self.briefs = briefs
        self.kinds = kinds.filter { PlantedKind.copyKinds.contains($0) }
    }

    /// How many files beyond the base corpus: copies, then the decoys of
    /// the first two kinds, then the briefs.
    public var plantedCount: Int { copies + 2 * decoys + briefs }

    /// Planted file `k` (0..<plantedCount) and its truth. Copy `k` copies story
    /// `k % base.count`, so with more copies than stories a story has several.
    public func planted(_ k: Int, converter: ScriptConverter?) -> (GeneratedSnapshot, PlantedFile) {
        let n = base.count + k
        var rng = SplitMix64(seed: base.seed ^ 0xC0_FFEE ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15))
        let name = base.fileName(n)
        if k < copies, !kinds.isEmpty, base.count > 0 {
            let story = k % base.count
            let kind = kinds[k % kinds.count]
            var core = StoryCore(index: story, seed: base.seed)
            // Later than any capture of the original (at most 200,000 s after it was published).
            var capture = core.publishedAt.epochSeconds + 200_000 + Int64(rng.int(86_400...30 * 86_400))
            var rewrittenBlock: Int?
            switch kind {
            case .recrawl:
                break
            case .repost:
                core.source = Self.otherThan(core.source, Vocabulary.sources, &rng)
                core.byline = rng.chance(50) ? nil : "编辑 " + rng.pick(Vocabulary.surnames) + rng.pick(Vocabulary.givenNames)
                core.publishedAt = SnapshotTime(epochSeconds: core.publishedAt.epochSeconds + Int64(rng.int(3_600...12 * 3_600)))
                capture = core.publishedAt.epochSeconds + Int64(rng.int(600...86_400))
                let paragraphs = core.body.indices.filter { core.body[$0].kind == .paragraph }
                if paragraphs.count >= 4 { core.body.remove(at: paragraphs[rng.int(1...(paragraphs.count - 1))]) }
                let origin = BodyBlock(.paragraph, "本文转自:" + rng.pick(Self.repostOrigins))
                if rng.chance(50) { core.body.insert(origin, at: 0) } else { core.body.append(origin) }
            case .edit:
                rewrittenBlock = Self.edit(&core, &rng)
            case .script:
                capture = Self.retell(&core, converter, &rng)
            case .scriptEdit:
                rewrittenBlock = Self.edit(&core, &rng)
                capture = Self.retell(&core, converter, &rng)
            case .original, .boilerplateDecoy, .columnDecoy, .briefDecoy:
                break
            }
            let related = base.relatedItems(for: n, rng: &rng)
            let text = core.render(related: related.items, rng: &rng, capturedAt: SnapshotTime(epochSeconds: capture))
            return (GeneratedSnapshot(fileName: name, text: text, relatedTargets: related.targets, title: core.title, publishedAt: core.publishedAt),
                    PlantedFile(file: name, story: story, kind: kind, rewrittenBlock: rewrittenBlock))
        }
        // Decoys: stories of their own (numbered like the planted file), made to look alike.
        var core = StoryCore(index: n, seed: base.seed)
        let kind: PlantedKind = k - copies < decoys ? .boilerplateDecoy : k - copies < 2 * decoys ? .columnDecoy : .briefDecoy
        if kind == .boilerplateDecoy {
            core.body.insert(BodyBlock(.paragraph, Self.boilerplate), at: rng.chance(50) ? 0 : core.body.count)
        } else if kind == .briefDecoy {
            let own = core.body.filter { $0.kind == .paragraph }.map(\.text).joined().filter { !$0.isWhitespace }
            core.body = [BodyBlock(.paragraph, String(own.prefix(rng.int(30...70))) + "。"), BodyBlock(.paragraph, Self.briefNotice)]
        } else {
            core.title = Self.columnTitle
            core.source = "海滨日报"
            core.body = core.body.filter { $0.kind != .image }
        }
        let related = base.relatedItems(for: n, rng: &rng)
        let text = core.render(related: related.items, rng: &rng)
        return (GeneratedSnapshot(fileName: name, text: text, relatedTargets: related.targets, title: core.title, publishedAt: core.publishedAt),
                PlantedFile(file: name, story: n, kind: kind))
    }

    /// The truth for the whole corpus, originals included, in file order.
    public func truth() -> [PlantedFile] {
        let originals = (0..<base.count).map { PlantedFile(file: base.fileName($0), story: $0, kind: .original) }
        return originals + (0..<plantedCount).map { planted($0, converter: nil).1 }
    }

    /// An editor's new version: the title reworded (image captions with it),
    /// one paragraph rewritten. Returns which block was rewritten, counted as
    /// `PlantedFile.rewrittenBlock` says.
    static func edit(_ core: inout StoryCore, _ rng: inout SplitMix64) -> Int? {
        let newTitle = reword(core.title, &rng)
        for index in core.body.indices where core.body[index].kind == .image { core.body[index].text = newTitle }
        core.title = newTitle
        let paragraphs = core.body.indices.filter { core.body[$0].kind == .paragraph }
        guard let target = paragraphs.isEmpty ? nil : paragraphs[rng.int(0...(paragraphs.count - 1))] else { return nil }
        core.body[target].text = rewrite(core.body[target].text, &rng)
        return core.body[..<target].filter { $0.kind != .image }.count
    }

    /// The story told again by a Hong Kong or Taiwan outlet: its text in
    /// traditional characters (when a converter is given: the truth alone
    /// needs none), published a little later. Returns the capture time.
    static func retell(_ core: inout StoryCore, _ converter: ScriptConverter?, _ rng: inout SplitMix64) -> Int64 {
        if let converter {
            core.title = converter.convert(core.title)
            core.byline = core.byline.map(converter.convert)
            core.editorNote = core.editorNote.map(converter.convert)
            core.body = core.body.map { BodyBlock($0.kind, converter.convert($0.text)) }
        }
        core.source = rng.pick(traditionalSources)
        core.publishedAt = SnapshotTime(epochSeconds: core.publishedAt.epochSeconds + Int64(rng.int(1_800...8 * 3_600)))
        return core.publishedAt.epochSeconds + Int64(rng.int(600...86_400))
    }

    static func otherThan(_ value: String, _ choices: [String], _ rng: inout SplitMix64) -> String {
        var pick = rng.pick(choices)
        while pick == value, choices.count > 1 { pick = rng.pick(choices) }
        return pick
    }

    /// A title an editor reworded: a word swapped, or a phrase added or changed.
    static func reword(_ title: String, _ rng: inout SplitMix64) -> String {
        if let bar = title.firstIndex(of: "|") { return String(title[..<bar]) + "|" + rng.pick(Vocabulary.phrases) + "(更新)" }
        return title + "|" + rng.pick(Vocabulary.phrases)
    }

    /// A paragraph an editor rewrote: two words replaced, a sentence added.
    static func rewrite(_ paragraph: String, _ rng: inout SplitMix64) -> String {
        var text = paragraph
        for _ in 0..<2 {
            let present = Vocabulary.nouns.filter { text.contains($0) }
            guard !present.isEmpty, let range = text.range(of: rng.pick(present)) else { break }
            text.replaceSubrange(range, with: otherThan(String(text[range]), Vocabulary.nouns, &rng))
        }
        return text + "记者" + rng.pick(Vocabulary.surnames) + rng.pick(Vocabulary.givenNames) + "补充报道。"
    }
}

extension CorpusGenerator {
    /// Related items for a planted file, quoting stories of the base corpus
    /// (or outside it, `outsidePercent` of the time), with their true targets.
    func relatedItems(for n: Int, rng: inout SplitMix64) -> (items: [(title: String?, excerpt: String, date: SnapshotTime)], targets: [String?]) {
        var items: [(title: String?, excerpt: String, date: SnapshotTime)] = []
        var targets: [String?] = []
        for _ in 0..<rng.int(3...8) {
            let outside = count < 1 || rng.chance(outsidePercent)
            let target = outside ? count + 2_000_000 + rng.int(0...1_000_000) : rng.int(0...(count - 1))
            let other = StoryDraft(index: target, seed: seed)
            items.append((rng.chance(25) ? other.title : nil, other.excerpt(&rng), other.publishedAt))
            targets.append(outside ? nil : fileName(target))
        }
        return (items, targets)
    }
}

extension StoryCore {
    /// The snapshot text with the capture time given instead of a random one.
    func render(related: [(title: String?, excerpt: String, date: SnapshotTime)], rng: inout SplitMix64, capturedAt: SnapshotTime) -> String {
        let text = render(related: related, rng: &rng)
        let marker = "快照生成时间:"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.hasPrefix(marker) }) {
            lines[index] = marker + "\(capturedAt.dateString) \(Self.clock(capturedAt))"
        }
        return lines.joined(separator: "\n")
    }
}
