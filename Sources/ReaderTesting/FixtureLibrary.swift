import ReaderCore
import SnapshotFormat

/// A small corpus in memory for reader tests: articles written for the
/// project, linked in a chain (春耕 → 水渠 → 堤坝 → 气象站) with one related
/// item that points outside the corpus. Related items resolve the way the
/// store resolves them: same publish time, excerpt found in the body.
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
        let allowed = Set(try filter.searchQuery.map { try search($0, filter: filter) } ?? order(filter: filter))
        for document in documents where allowed.contains(document.handle) {
            if let name = kind == .category ? document.article.category : document.article.source { counts[name, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { CategoryCount(name: $0.key, count: $0.value) }
    }

    /// What the runtime's search would return: articles containing every term, newest first.
    public func search(_ query: String, filter: ReaderFilter) throws -> [Int64] {
        let terms = query.split(separator: " ").map(String.init)
        let allowed = Set(try order(filter: filter))
        return try order(filter: ReaderFilter()).filter { handle in
            guard allowed.contains(handle), let document = documents.first(where: { $0.handle == handle }) else { return false }
            let text = document.article.title + "\n" + document.article.bodyText
            return terms.allSatisfy { text.contains($0) }
        }
    }

    public init() {
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
            var lines = ["• 我的订阅", "  • \(story.2)", "", story.1, "", "类别:\(story.2)\u{00A0}发布时间:\(story.3)\u{00A0}来源:山城晚报", "", "记者 林小舟"]
            for paragraph in story.4 { lines += ["", paragraph] }
            let url = story.0 == "wang-luo.txt" ? "https://news.example.cn/2024/0630/5g.html" : ""
            lines += ["", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录。", "", "快照生成时间:2024-07-01 00:00:00", "", "信息原文地址:" + url, ""]
            for related in story.5 {
                if let title = related.0 { lines.append(title) }
                lines += [related.1, related.2]
            }
            lines.append("更多关于\(story.2)的资讯:")
            if let article = try? SnapshotParser.parse(bytes: Array(lines.joined(separator: "\n").utf8), file: story.0) {
                documents.append(ArticleDocument(handle: Int64(index + 1), path: story.0, article: article))
            }
        }
    }

    public func order(filter: ReaderFilter) throws -> [Int64] {
        documents.filter { document in
            (filter.categories.isEmpty || filter.categories.contains(document.article.category ?? ""))
                && (filter.source == nil || filter.source == document.article.source)
                && (filter.since.map { (document.article.publishedAt ?? $0) >= $0 } ?? true)
                && (filter.until.map { until in (document.article.publishedAt.map { $0.dateString <= until.dateString }) ?? true } ?? true)
                && (!filter.bookmarked || bookmarked.contains(document.handle))
                && (!filter.unread || !read.contains(document.handle))
        }
        .sorted { ($0.article.publishedAt ?? SnapshotTime(epochSeconds: 0)) > ($1.article.publishedAt ?? SnapshotTime(epochSeconds: 0)) }
        .map(\.handle)
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
                              source: document.article.source, bookmarked: bookmarked.contains(handle), read: read.contains(handle))
    }

    enum FixtureError: Error { case missing(Int64) }
}
