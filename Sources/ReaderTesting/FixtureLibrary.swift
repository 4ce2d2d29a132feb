import ReaderCore
import SnapshotFormat

/// A small corpus in memory for reader tests: articles written for the
/// project, linked in a chain (春耕 → 水渠 → 堤坝 → 气象站) with one related
/// item that points outside the corpus. Related items resolve the way the
/// store resolves them: same publish time, excerpt found in the body.
/// `withCopies` adds three more snapshots of 春耕's story (a repost, an edited
/// version, the traditional script), grouped as the store would group them;
/// `withTraditionalEdit` a fourth (the edited version in traditional, from a
/// Taiwan outlet).
public final class FixtureLibrary: ReaderLibrary {
    public private(set) var documents: [ArticleDocument] = []
    public var read: Set<Int64> = []
    public var bookmarked: Set<Int64> = []
    public var corpusName: String { "fixtures" }
    public var skipped: [SkippedFile] = []

    public func skippedFiles() throws -> [SkippedFile] { skipped }

    public func handle(forArticleID id: String) throws -> Int64? {
        documents.first { $0.article.id == id }?.handle
    }

    public func facets(_ kind: FacetKind, filter: ReaderFilter) throws -> [CategoryCount] {
        var counts: [String: Int] = [:]
        // A kept search is part of the filter: count what the list would hold.
        let allowed = Set(try filter.searchQuery.map { try search($0, filter: filter) } ?? Array(order(filter: filter)))
        for document in documents where allowed.contains(document.handle) {
            if let name = kind == .category ? document.article.category : document.article.source { counts[name, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { CategoryCount(name: $0.key, count: $0.value) }
    }

    /// What the runtime's search would return: articles containing every term, newest first.
    public func search(_ query: String, filter: ReaderFilter) throws -> [Int64] {
        // Folded as the index folds: a query in either Chinese script finds both.
        let terms = query.split(separator: " ").map { ScriptFold.fold(String($0)) }
        let allowed = Set(try order(filter: filter))
        return try order(filter: ReaderFilter()).filter { handle in
            guard allowed.contains(handle), let document = documents.first(where: { $0.handle == handle }) else { return false }
            let text = ScriptFold.fold(document.article.title + "\n" + document.article.bodyText)
            return terms.allSatisfy { text.contains($0) }
        }
    }

    /// Groups of copies, by handle (only with `withCopies`).
    public var copyGroups: [[Int64]] = []

    public init(withCopies: Bool = false, withTraditionalEdit: Bool = false) {
        let stories: [(String, String, String, String, [String], [(String?, String, String)])] = [
            ("chun-geng.txt", "春耕备耕忙,田间地头处处是希望", "国内", "2024-03-20 08:30:00",
             ["清晨的薄雾还没散去,合作社的拖拉机已经开进了田里。今年全镇计划播种小麦一万二千亩,比去年多出一成。",
              "“种子、化肥都提前备齐了,就等这场雨。”合作社负责人老赵一边检查播种机,一边对记者说。",
              "水渠通了心里才踏实",
              "镇里去年冬天疏通了三条主干水渠,春灌用水比往年提前半个月到田。"],
             [(nil, "...镇里新修的水渠全长八公里,沿线两千亩农田告别了靠天吃饭的日子", "2024-02-11 10:00:00"),
              ("远方的一场讲座", "...这场讲座没有收进本站的快照里", "2023-12-01 09:00:00")]),
            ("shui-qu.txt", "八公里新水渠通水,两千亩农田告别靠天吃饭", "国内", "2024-02-11 10:00:00",
             ["镇里新修的水渠全长八公里,沿线两千亩农田告别了靠天吃饭的日子。",
              "施工队在上游加固了一段老堤坝,汛期也能放心引水。"],
             [(nil, "...上游这段堤坝建于上世纪七十年代,这次加固用了三个月", "2023-11-05 16:20:00")]),
            ("di-ba.txt", "老堤坝加固完工,汛期引水更安心", "社会", "2023-11-05 16:20:00",
             ["上游这段堤坝建于上世纪七十年代,这次加固用了三个月。",
              "堤坝旁新建的气象站每十分钟上报一次雨量。"],
             [(nil, "...新建的自动气象站能测雨量、风速和土壤湿度,数据直接传到县里", "2023-09-18 14:00:00")]),
            ("qi-xiang.txt", "自动气象站落户山村,种地也看“数据天气”", "科技", "2023-09-18 14:00:00",
             ["新建的自动气象站能测雨量、风速和土壤湿度,数据直接传到县里。",
              "村民用手机就能查到自家地块的墒情。"], []),
            ("shu-dian.txt", "乡村书店开进老粮仓", "文化", "2024-05-02 19:45:00",
             ["废弃多年的老粮仓改成了书店,周末常有城里的孩子来读绘本。"], []),
            ("wang-luo.txt", "5G信号覆盖最后一个自然村", "科技", "2024-06-30 12:00:00",
             ["山顶的基站调试完成后,最后一个自然村也通上了5G信号,直播卖山货的村民多了起来。"], []),
        ]
        for (index, story) in stories.enumerated() {
            add(handle: Int64(index + 1), file: story.0, title: story.1, category: story.2, published: story.3, paragraphs: story.4, related: story.5)
        }
        guard withCopies, let spring = stories.first else { return }
        // A repost hours later by another outlet, a 本文转自 line added.
        add(handle: 7, file: "chun-geng-repost.txt", title: spring.1, category: spring.2, published: "2024-03-20 14:00:00",
            paragraphs: spring.4 + ["本文转自:山城晚报"], related: spring.5, source: "江南日报", captured: "2024-07-02 09:15:00")
        // An edited version: a new title and the second paragraph rewritten.
        var edited = spring.4
        edited[1] = "“种子、化肥都提前备齐了,只等一场透雨。”合作社负责人老赵一边检查播种机,一边告诉记者。"
        add(handle: 8, file: "chun-geng-edit.txt", title: "春耕备耕忙,万亩良田处处是希望", category: spring.2, published: spring.3,
            paragraphs: edited, related: spring.5, captured: "2024-07-03 10:00:00")
        // The story in traditional characters, from a Hong Kong outlet.
        add(handle: 9, file: "chun-geng-hk.txt", title: "春耕備耕忙,田間地頭處處是希望", category: spring.2, published: "2024-03-21 09:00:00",
            paragraphs: ["清晨的薄霧還沒散去,合作社的拖拉機已經開進了田裡。今年全鎮計劃播種小麥一萬二千畝,比去年多出一成。",
                         "「種子、化肥都提前備齊了,就等這場雨。」合作社負責人老趙一邊檢查播種機,一邊對記者說。"],
            related: [], source: "香港商報", captured: "2024-07-04 20:30:00")
        copyGroups = [[1, 7, 8, 9]]
        guard withTraditionalEdit else { return }
        // The edited version again, in traditional characters: title and paragraph 2 as edited, the rest as before.
        add(handle: 10, file: "chun-geng-tw.txt", title: "春耕備耕忙,萬畝良田處處是希望", category: spring.2, published: "2024-03-21 11:00:00",
            paragraphs: ["清晨的薄霧還沒散去,合作社的拖拉機已經開進了田裡。今年全鎮計劃播種小麥一萬二千畝,比去年多出一成。",
                         "“種子、化肥都提前備齊了,只等一場透雨。”合作社負責人老趙一邊檢查播種機,一邊告訴記者。",
                         "水渠通了心裡才踏實",
                         "鎮裡去年冬天疏通了三條主幹水渠,春灌用水比往年提前半個月到田。"],
            related: [], source: "聯合新聞網", captured: "2024-07-05 08:00:00")
        copyGroups = [[1, 7, 8, 9, 10]]
    }

    /// Parses a snapshot written from its parts and adds it.
    private func add(handle: Int64, file: String, title: String, category: String, published: String, paragraphs: [String],
                     related: [(String?, String, String)], source: String = "山城晚报", captured: String = "2024-07-01 00:00:00") {
        var lines = ["• 我的订阅", "  • \(category)", "", title, "", "类别:\(category)\u{00A0}发布时间:\(published)\u{00A0}来源:\(source)", "", "记者 林小舟"]
        for paragraph in paragraphs { lines += ["", paragraph] }
        let url = file == "wang-luo.txt" ? "https://news.example.cn/2024/0630/5g.html" : ""
        lines += ["", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录。", "", "快照生成时间:\(captured)", "", "信息原文地址:" + url, ""]
        for item in related {
            if let title = item.0 { lines.append(title) }
            lines += [item.1, item.2]
        }
        lines.append("更多关于\(category)的资讯:")
        if let article = try? SnapshotParser.parse(bytes: Array(lines.joined(separator: "\n").utf8), file: file) {
            documents.append(ArticleDocument(handle: handle, path: file, article: article))
        }
    }

    /// The other snapshots of an article's story, first published first (the lower handle when they tie).
    public func copies(_ handle: Int64) throws -> [CopySummary] {
        guard let group = copyGroups.first(where: { $0.contains(handle) }) else { return [] }
        return group.filter { $0 != handle }.compactMap { other in documents.first { $0.handle == other } }
            .sorted { Self.earlier($0, $1) }
            .map { document in
                let article = document.article
                return CopySummary(docno: document.handle, path: document.path, id: article.id, title: article.title, source: article.source,
                                   publishedAt: article.publishedAt, capturedAt: article.snapshot.capturedAt)
            }
    }

    private static func earlier(_ a: ArticleDocument, _ b: ArticleDocument) -> Bool {
        let never = SnapshotTime(epochSeconds: Int64.max / 2)
        return (a.article.publishedAt ?? never, a.handle) < (b.article.publishedAt ?? never, b.handle)
    }

    /// What `--distinct` leaves out of `kept` (what the other filters leave):
    /// every copy but the first published of its story.
    private func laterCopies(among kept: [ArticleDocument]) -> Set<Int64> {
        var later: Set<Int64> = []
        for group in copyGroups {
            let members = kept.filter { group.contains($0.handle) }.sorted { Self.earlier($0, $1) }
            later.formUnion(members.dropFirst().map(\.handle))
        }
        return later
    }

    public func order(filter: ReaderFilter) throws -> ListOrder {
        let kept = documents.filter { document in
            (filter.categories.isEmpty || filter.categories.contains(document.article.category ?? ""))
                && (filter.source == nil || filter.source == document.article.source)
                && (filter.since.map { (document.article.publishedAt ?? $0) >= $0 } ?? true)
                && (filter.until.map { until in (document.article.publishedAt.map { $0.dateString <= until.dateString }) ?? true } ?? true)
                && (!filter.bookmarked || bookmarked.contains(document.handle))
                && (!filter.unread || !read.contains(document.handle))
        }
        let later = filter.distinct ? laterCopies(among: kept) : []
        return ListOrder(kept.filter { !later.contains($0.handle) }
        .sorted { ($0.article.publishedAt ?? SnapshotTime(epochSeconds: 0), -$0.handle) > ($1.article.publishedAt ?? SnapshotTime(epochSeconds: 0), -$1.handle) }
        .map(\.handle))
    }

    public func rows(_ handles: [Int64]) throws -> [Int64: ListRow] {
        var result: [Int64: ListRow] = [:]
        for handle in handles { if let row = row(handle) { result[handle] = row } }
        return result
    }

    public func document(_ handle: Int64) throws -> ArticleDocument {
        guard let document = documents.first(where: { $0.handle == handle }) else { throw FixtureError.missing(handle) }
        return document
    }

    public func related(_ handle: Int64) throws -> [RelatedRow] {
        try document(handle).article.related.map { item in
            RelatedRow(item: item, target: target(of: item).flatMap { row($0) })
        }
    }

    public func backlinks(_ handle: Int64) throws -> [ListRow] {
        documents.filter { source in source.article.related.contains { target(of: $0) == handle } }.compactMap { row($0.handle) }
    }

    private func target(of item: RelatedItem) -> Int64? {
        let core = item.excerptCore
        return documents.first { document in
            document.article.publishedAt == item.publishedAt && document.article.bodyText.contains(core)
        }?.handle
    }

    private func row(_ handle: Int64) -> ListRow? {
        guard let document = documents.first(where: { $0.handle == handle }) else { return nil }
        return ArticleSummary(docno: handle, path: document.path, id: document.article.id, title: document.article.title,
                              category: document.article.category, publishedAt: document.article.publishedAt,
                              source: document.article.source, bookmarked: bookmarked.contains(handle), read: read.contains(handle),
                              copies: max(0, (copyGroups.first { $0.contains(handle) }?.count ?? 1) - 1))
    }

    enum FixtureError: Error { case missing(Int64) }
}

extension FixtureLibrary {
    /// Counted by the same counter as the store's timeline.
    public func timeline(handles: [Int64], by granularity: TimelineGranularity) throws -> Timeline {
        var counter = TimelineCounter()
        for handle in handles {
            let document = try document(handle)
            if let time = document.article.publishedAt { counter.add(epochSeconds: time.epochSeconds) } else { counter.addUndated() }
        }
        return counter.timeline(by: granularity)
    }

    /// A breadth-first walk over the fixtures' related items and backlinks,
    /// each story at its shortest distance, oldest first (as the store orders a thread).
    public func thread(_ handle: Int64, depth: Int) throws -> [ThreadStory] {
        guard let start = try rows([handle])[handle] else { throw FixtureError.missing(handle) }
        var stories = [ThreadStory(article: start, depth: 0, via: nil, direction: nil)]
        var seen: Set<Int64> = [handle]
        var frontier = [handle]
        for level in stride(from: 1, through: depth, by: 1) where !frontier.isEmpty {
            var next: [Int64] = []
            for near in frontier.sorted() {
                let cited = try related(near).compactMap { $0.target?.docno }
                let citing = try backlinks(near).map(\.docno)
                for far in Set(cited + citing).sorted() where !seen.contains(far) {
                    guard let row = try rows([far])[far] else { continue }
                    let direction: ThreadDirection = cited.contains(far) ? (citing.contains(far) ? .both : .cited) : .citing
                    seen.insert(far)
                    stories.append(ThreadStory(article: row, depth: level, via: near, direction: direction))
                    next.append(far)
                }
            }
            frontier = next
        }
        return stories.sorted { a, b in
            switch (a.article.publishedAt, b.article.publishedAt) {
            case let (left?, right?) where left != right: return left < right
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.depth != b.depth ? a.depth < b.depth : a.article.path < b.article.path
            }
        }
    }
}
