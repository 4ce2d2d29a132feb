import CorpusGenerator
import Foundation
import Synchronization
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// Search must return exactly the articles that contain the query.
@Suite struct SearchTests {
    /// Brute force: the articles whose title, editor's note or body contains `query`.
    static func expected(_ articles: [String: Article], _ query: String) -> Set<String> {
        let needle = Array(query.lowercased().utf8)
        return Set(articles.filter { _, article in
            let text = SearchableTextForTests.text(article).lowercased()
            return Array(text.utf8).firstRange(of: needle) != nil
        }.keys)
    }

    @Test(arguments: ["区", "合", "社区", "电网", "建设", "智慧社区", "走深走实", "打通最后一公里", "ai", "5G", "snapshot", "无此词语"])
    func exactResultsForQueriesOfEveryLength(query: String) throws {
        let corpus = try TemporaryCorpus(count: 150, seed: 21)
        let library = try corpus.library()
        try library.index.update()
        let articles = try corpus.parsedArticles()
        let found = try library.search(query)
        #expect(Set(found.map(\.article.path)) == Self.expected(articles, query), "query \(query)")
        #expect(found.count == Set(found.map(\.article.path)).count, "no duplicates")
    }

    /// Queries cut at random from the corpus's own text (one to six
    /// characters, sometimes two words, sometimes in capitals) find exactly
    /// what a scan of the text finds, all of them and the first few.
    @Test func randomQueriesFindExactlyWhatAScanFinds() throws {
        let corpus = try TemporaryCorpus(count: 150, seed: 23)
        let library = try corpus.library()
        try library.index.update()
        let articles = try corpus.parsedArticles()
        // In path order: a dictionary's order changes from run to run, and so
        // would the queries (`pp`, which found too much, came up only in some runs).
        let texts = articles.sorted { $0.key < $1.key }.map { Array(SearchableTextForTests.text($0.value).lowercased()) }
        var random = SplitMix64(seed: 99)
        func piece() -> String {
            let text = texts[Int(random.next() % UInt64(texts.count))].filter { !$0.isWhitespace }
            let length = 1 + Int(random.next() % 6)
            let start = Int(random.next() % UInt64(max(1, text.count - length)))
            return String(text[start..<min(text.count, start + length)])
        }
        for round in 0..<150 {
            var query = round % 5 == 0 ? piece() + " " + piece() : piece()
            if round % 7 == 0 { query = query.uppercased() }
            let terms = query.lowercased().split(separator: " ").map(String.init)
            let expected = Set(articles.filter { _, article in
                let text = SearchableTextForTests.text(article).lowercased()
                return terms.allSatisfy { text.contains($0) }
            }.keys)
            let found = try library.search(query).map(\.article.path)
            #expect(Set(found) == expected && found.count == expected.count, "query \(query)")
            #expect(try library.search(query, limit: 3).map(\.article.path) == Array(found.prefix(3)), "query \(query), first 3")
        }
    }

    /// Search rows come from the character index file, lists from SQL: the two
    /// must agree, marks and later changes included.
    @Test func searchRowsAreTheListRows() throws {
        let corpus = try TemporaryCorpus(count: 40, seed: 4, perFolder: 15)
        let library = try corpus.library()
        try library.index.update()
        func check() throws {
            let hits = try library.search("区")
            #expect(hits.count > 10)
            let rows = try library.articles(docnos: hits.map(\.article.docno))
            for hit in hits { #expect(rows[hit.article.docno] == hit.article) }
        }
        try check()
        let some = try library.list(limit: 3)
        try library.userData.addBookmark(Bookmark(articleID: some[0].id, title: some[0].title, corpus: corpus.corpus,
                                                  path: some[0].path, category: some[0].category, published: nil))
        try library.userData.setRead(some[1].id, true)
        try check()
        #expect(try library.search("区").contains { $0.article.bookmarked })
        try corpus.write(some[2].path, snapshotText(title: "改过的标题的社区文章", category: "新类别", body: ["改过的正文的一段。"]))
        try library.index.update()
        try check()
        #expect(try library.search("改过的标题").map(\.article.category) == ["新类别"])
    }

    /// `list` prints from the character index file; its rows, order, marks
    /// and filters are those of the list from SQL.
    @Test func listRowsFromTheFileAreTheRowsFromSQL() throws {
        let corpus = try TemporaryCorpus(count: 120, seed: 6, perFolder: 40)
        let library = try corpus.library()
        try library.index.update()
        let some = try library.list(limit: 5)
        try library.userData.addBookmark(Bookmark(articleID: some[1].id, title: some[1].title, corpus: corpus.corpus,
                                                  path: some[1].path, category: some[1].category, published: nil))
        try library.userData.setRead(some[2].id, true)
        let category = try #require(try library.categories().first?.name)
        let filters = [ArticleFilter(), ArticleFilter(categories: [category]), ArticleFilter(bookmarked: true),
                       ArticleFilter(unread: true), ArticleFilter(since: some[4].publishedAt)]
        for filter in filters {
            for limit in [nil, 0, 1, 7] as [Int?] {
                let results = try #require(try library.listResults(filter: filter, limit: limit))
                let rows = (0..<results.count).map { index in results.withHit(at: index) { $0.hit.article } }
                #expect(rows == (try library.list(filter: filter, limit: limit)), "\(filter) limit \(limit ?? -1)")
            }
        }
    }

    /// The whole list read from the character index file is the list SQL
    /// sorts, articles without a publish time and equal times included.
    @Test func theListOrderKeptInTheFileIsTheSQLOrder() throws {
        let corpus = try TemporaryCorpus(count: 80, seed: 4, perFolder: 30)
        for number in 0..<3 {
            try corpus.write("undated-\(number).txt", snapshotText(title: "没有日期\(number)", body: ["正文。"])
                .replacingOccurrences(of: "发布时间:2024-01-02 03:04:05\u{00A0}", with: ""))
            try corpus.write("same-\(number).txt", snapshotText(title: "同一时刻\(number)", time: "2021-05-05 05:05:05", body: ["正文。"]))
        }
        let library = try corpus.library()
        try library.index.update()
        let order = try #require(try library.index.listOrder())
        #expect(order.count == 86)
        #expect(order == (try library.handlesFromDatabase(filter: ArticleFilter())))
        #expect(try library.handles() == order)
        let undated = try library.list().filter { $0.publishedAt == nil }
        #expect(undated.count == 3, "the fixture has articles without a publish time")
    }

    /// Results rendered while verifying come out in the same order, with the
    /// same fields, as the ranked search, all of them or the first few.
    @Test func renderedResultsFollowTheRanking() throws {
        let corpus = try TemporaryCorpus(count: 60, seed: 9, perFolder: 20)
        try corpus.write("title-hit.txt", snapshotText(title: "社区的标题", time: "2020-01-01 00:00:00", body: ["正文。"]))
        let library = try corpus.library()
        try library.index.update()
        let first = try #require(try library.list(limit: 1).first)
        try library.userData.addBookmark(Bookmark(articleID: first.id, title: first.title, corpus: corpus.corpus,
                                                  path: first.path, category: nil, published: nil))
        let category = try #require(try library.categories().first?.name)
        for (query, filter) in [("区", ArticleFilter()), ("社区", ArticleFilter()), ("加速度", ArticleFilter()),
                                ("区", ArticleFilter(categories: [category])), ("区", ArticleFilter(bookmarked: true))] {
            let expected = try library.search(query, filter: filter).map { "\($0.article.path) \($0.article.bookmarked) \($0.snippet)\n" }
            // All of them (verified front to back, then ranked) and the first
            // few (verified in rank order until there are enough).
            for limit in [nil, 1, 3, 1_000] as [Int?] {
                var written = ""
                let count = try library.searchRendered(query, filter: filter, limit: limit, render: { hit, out in
                    out += Array("\(hit.hit.article.path) \(hit.bookmarked) \(hit.hit.snippet)\n".utf8)
                }, write: { pieces in
                    for piece in pieces { written += String(decoding: piece, as: UTF8.self) }
                })
                let lines = written.split(separator: "\n").map { String($0) + "\n" }
                #expect(lines == Array(expected.prefix(limit ?? .max)), "query \(query) \(filter) limit \(limit ?? -1)")
                #expect(count == lines.count)
                #expect(try library.search(query, filter: filter, limit: limit).map { "\($0.article.path) \($0.article.bookmarked) \($0.snippet)\n" }
                        == lines)
            }
            // Every result rendered in many blocks (of 1, 5 and 50 results,
            // each in stretches) and written block by block, still in order.
            for blockSize in [1, 5, 50] {
                var written = ""
                var writes = 0
                let count = try library.searchRendered(query, filter: filter, blockSize: blockSize, render: { hit, out in
                    out += Array("\(hit.hit.article.path) \(hit.bookmarked) \(hit.hit.snippet)\n".utf8)
                }, write: { pieces in
                    writes += 1
                    for piece in pieces { written += String(decoding: piece, as: UTF8.self) }
                })
                #expect(written.split(separator: "\n").map { String($0) + "\n" } == expected, "query \(query) \(filter) blocks of \(blockSize)")
                #expect(count == expected.count)
                #expect(writes == (expected.count + blockSize - 1) / blockSize)
            }
            #expect(!expected.isEmpty || filter.bookmarked)
        }
        // The oldest article, still above every article without 社区 in its title.
        let hits = try library.search("社区")
        let position = try #require(hits.firstIndex { $0.article.path == "title-hit.txt" })
        let firstBodyHit = try #require(hits.firstIndex { !$0.titleHit })
        #expect(position < firstBodyHit)
        #expect(hits[..<firstBodyHit].allSatisfy(\.titleHit) && hits[firstBodyHit...].allSatisfy { !$0.titleHit })
    }

    /// An index from an older snapread (another character index layout) is
    /// rebuilt by the next update, not reported as up to date: like any
    /// cache file that is not what this version writes, it is thrown away
    /// with the rest of the cache, with one line naming it.
    @Test func anOlderCharacterIndexLayoutIsRebuilt() throws {
        let corpus = try TemporaryCorpus(count: 10)
        let library = try corpus.library()
        try library.index.update()
        let path = library.index.characterIndexPath
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.replaceSubrange(4..<8, with: [1, 0, 0, 0]) // version 1
        try data.write(to: URL(fileURLWithPath: path))
        let fresh = try corpus.library()
        let lines = Locked<[String]>([])
        fresh.index.onDamage = { line in lines.withLock { $0.append(line) } }
        #expect(try fresh.index.update().indexed == 10)
        #expect(lines.withLock { $0 } == ["\(path): damaged cache (format version 1, not \(CharacterIndex.version)); rebuilding the index"])
        #expect(Set(try fresh.search("区").map(\.article.path)) == Self.expected(try corpus.parsedArticles(), "区"))
    }

    @Test func titleHitsFirstThenNewest() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "普通的一天", time: "2024-05-01 10:00:00", body: ["今天讨论了珊瑚礁的保护。"]))
        try corpus.write("b.txt", snapshotText(title: "珊瑚礁调查启动", time: "2023-01-01 10:00:00", body: ["调查开始了。"]))
        try corpus.write("c.txt", snapshotText(title: "另一天", time: "2024-06-01 10:00:00", body: ["珊瑚礁白化。"]))
        let library = try corpus.library()
        try library.index.update()
        let hits = try library.search("珊瑚礁")
        #expect(hits.map(\.article.path) == ["b.txt", "c.txt", "a.txt"])
        #expect(hits.map(\.titleHit) == [true, false, false])
        #expect(hits[1].snippet == "珊瑚礁白化。")
        #expect(try library.search("珊瑚礁", limit: 1).map(\.article.path) == ["b.txt"])
    }

    @Test func snippetSurroundsTheFirstHit() throws {
        let corpus = try TemporaryCorpus()
        let long = String(repeating: "前", count: 50) + "目标词" + String(repeating: "后", count: 60)
        try corpus.write("a.txt", snapshotText(title: "标题", body: [long]))
        let library = try corpus.library()
        try library.index.update()
        let snippet = try #require(try library.search("目标词").first?.snippet)
        #expect(snippet == "…" + String(repeating: "前", count: 20) + "目标词" + String(repeating: "后", count: 40) + "…")
    }

    @Test func everyTermMustOccurAndFiltersCombine() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "甲", category: "国内", time: "2024-03-01 08:00:00", body: ["苹果和香蕉。"]))
        try corpus.write("b.txt", snapshotText(title: "乙", category: "财经", time: "2024-03-05 08:00:00", body: ["苹果涨价。"]))
        try corpus.write("c.txt", snapshotText(title: "丙", category: "国内", time: "2024-04-01 08:00:00", body: ["香蕉降价,苹果也是。"]))
        let library = try corpus.library()
        try library.index.update()
        #expect(Set(try library.search("苹果 香蕉").map(\.article.path)) == ["a.txt", "c.txt"])
        #expect(try library.search("苹果", filter: ArticleFilter(categories: ["财经"])).map(\.article.path) == ["b.txt"])
        let march = ArticleFilter(since: SnapshotTime(parsing: "2024-03-01"), until: SnapshotTime(parsing: "2024-03-31"))
        #expect(Set(try library.search("苹果", filter: march).map(\.article.path)) == ["a.txt", "b.txt"])
        #expect(try library.search("苹果", filter: ArticleFilter(source: "别的报")).isEmpty)
        #expect(try library.search("   ").isEmpty)
    }
}

/// The same searchable text the index builds, for the brute-force check.
enum SearchableTextForTests {
    static func text(_ article: Article) -> String {
        String(decoding: SearchableText.make(article).bytes, as: UTF8.self)
    }
}

/// The substring search under verification (a vector loop where the CPU has
/// one) against the obvious loop.
@Suite struct ByteSearchTests {
    static func naive(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func agreesWithTheObviousLoop() {
        var random = SplitMix64(seed: 77)
        // Few distinct bytes, so partial matches (second and last byte equal,
        // the rest not) are common; lengths around the 32-byte vector width.
        let alphabet: [UInt8] = Array("加速度社区".utf8) + [0x61, 0x0A]
        for round in 0..<3_000 {
            let haystack = (0..<Int(random.next() % 120)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            var needle: [UInt8]
            if round % 3 == 0, haystack.count > 2 {
                // A piece of the haystack, so that there is a match to find.
                let start = Int(random.next() % UInt64(haystack.count - 1))
                let length = 2 + Int(random.next() % UInt64(min(10, haystack.count - start - 1)))
                needle = Array(haystack[start..<min(haystack.count, start + length)])
            } else {
                needle = (0..<(1 + Int(random.next() % 9))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            }
            let found = haystack.withUnsafeBytes { ByteSearch.firstOffset(of: needle, in: $0, foldASCII: false) }
            #expect(found == Self.naive(needle, haystack), "needle \(needle) in \(haystack)")
        }
    }

    @Test func findsAMatchEndingOnTheLastByte() {
        for length in 2...80 {
            let haystack = [UInt8](repeating: 0x20, count: length - 2) + [0xE5, 0x8A]
            let found = haystack.withUnsafeBytes { ByteSearch.firstOffset(of: [0xE5, 0x8A], in: $0, foldASCII: false) }
            #expect(found == length - 2)
        }
    }
}

/// Blocks of work finished out of order are delivered in order.
@Suite struct OrderedDeliveryTests {
    @Test func blocksComeOutInOrderAndStopWhenAsked() {
        for stopAfter in [nil, 0, 5, 63] as [Int?] {
            let delivery = OrderedDelivery<Int>()
            let numbers = ChunkDispenser(count: 64)
            let seen = UncheckedBox(NSMutableArray())
            ParallelLoop.run(iterations: 4) { task in
                while !delivery.stopped, let number = numbers.next() {
                    if (number + task) % 3 == 0 { usleep(200) } // finish out of order
                    _ = delivery.hand(number, number, to: { block in
                        seen.value.add(block)
                        return stopAfter.map { seen.value.count <= $0 } ?? true
                    }, reset: { $0 = -1 })
                }
            }
            let delivered = seen.value.compactMap { $0 as? Int }
            #expect(delivered == Array(0..<(stopAfter.map { $0 + 1 } ?? 64)), "stop after \(stopAfter ?? -1)")
        }
    }
}

/// `--limit` verifies in rank order and stops early: the same first results
/// as a full search, across many blocks of candidates.
@Suite struct LimitedSearchTests {
    @Test func theFirstResultsAreTheFullSearchsFirst() throws {
        let corpus = try TemporaryCorpus(count: 700, seed: 31, perFolder: 100)
        let library = try corpus.library()
        try library.index.update()
        for query in ["区", "社区", "加速度", "建设 社区"] {
            let all = try library.search(query).map(\.article.path)
            #expect(all.count > 20, "query \(query) finds enough to cut")
            for limit in [1, 255, 256, 257, 600, 5_000] {
                #expect(try library.search(query, limit: limit).map(\.article.path) == Array(all.prefix(limit)),
                        "query \(query) limit \(limit)")
            }
        }
    }
}

/// Where snippets start and end (a vector loop) against the walk character
/// by character it replaces.
@Suite struct SnippetTests {
    static func reference(_ body: [UInt8], hit: Int, termLength: Int) -> (start: Int, end: Int) {
        var start = hit
        var characters = 0
        while start > 0, characters < Snippet.before {
            start -= 1
            if body[start] == 0x0A { start += 1; break }
            if body[start] & 0xC0 != 0x80 { characters += 1 }
        }
        var end = hit + termLength
        characters = 0
        while end < body.count, body[end] != 0x0A, characters < Snippet.after {
            end += 1
            while end < body.count, body[end] & 0xC0 == 0x80 { end += 1 }
            characters += 1
        }
        return (start, end)
    }

    /// A hit in the title only: the snippet is the start of the first
    /// paragraph, not the empty line where an editor's note would be.
    @Test func aTitleHitShowsTheFirstParagraph() throws {
        let corpus = try TemporaryCorpus()
        let long = String(repeating: "稻田", count: 50)
        try corpus.write("a.txt", snapshotText(title: "AI识别病虫害", body: ["拍一张稻叶的照片就知道。", "第二段。"]))
        try corpus.write("b.txt", snapshotText(title: "AI看稻田", time: "2023-01-01 00:00:00", body: [long]))
        let library = try corpus.library()
        try library.index.update()
        let hits = try library.search("ai")
        #expect(hits.map(\.snippet) == ["拍一张稻叶的照片就知道。", String(long.prefix(70)) + "…"])
    }

    @Test func boundsAgreeWithTheCharacterWalk() {
        var random = SplitMix64(seed: 5)
        let pieces = ["a", "社", "区", "\n", "é", "😀", "“", " "]
        let term = SearchQuery("区").terms[0]
        for _ in 0..<3_000 {
            func stretch() -> String {
                (0..<Int(random.next() % 200)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            }
            let text: String = stretch() + "区" + stretch()
            let body = Array(text.utf8)
            let hits = (0...(body.count - 3)).filter { body[$0..<($0 + 3)].elementsEqual("区".utf8) }
            for hit in hits {
                let location = body.withUnsafeBytes { Snippet.locate(body: $0, term: term, hitInBody: hit) }
                let expected = Self.reference(body, hit: hit, termLength: 3)
                #expect(location.start == expected.start && location.end == expected.end, "\(text) at \(hit)")
            }
        }
    }
}

/// The order a search with a limit verifies in, made a window of the list
/// at a time: whatever the windows and stretches, it gives every candidate
/// once, and its matches come in the order of the full search.
@Suite struct RankedCandidatesTests {
    @Test(arguments: [1, 3, 64, 4096], [false, true])
    func anyWindowGivesTheFullSearchsOrder(firstWindow: Int, withTitles: Bool) throws {
        let corpus = try TemporaryCorpus(count: 300, seed: 41, perFolder: 100)
        let library = try corpus.library()
        try library.index.update()
        let characters = try library.index.characterIndex()
        let titles = withTitles ? try #require(library.index.titleIndex(for: characters)) : nil
        for query in ["区", "社区", "加速度", "建设 社区", "智慧社区"] {
            let parsed = SearchQuery(query)
            let candidates = try #require(try library.candidates(parsed, filter: ArticleFilter(), characters: characters))
            let expected = try library.searchHandles(query).map { Int($0) }
            for wanted in [1, 7, 100] {
                var order = RankedCandidates(candidates: candidates, terms: parsed.terms, characters: characters,
                                             text: library.index.text, firstWindow: firstWindow, titles: titles)
                var given: [Int] = []
                while true {
                    let stretch = order.next(wanted)
                    if stretch.isEmpty { break }
                    #expect(stretch.count >= wanted || order.finished, "query \(query): a short stretch before the end")
                    given += stretch.map { Int($0) }
                }
                #expect(given.sorted() == candidates.members, "query \(query), window \(firstWindow), \(wanted) at a time")
                let matches = Set(expected)
                #expect(given.filter { matches.contains($0) } == expected, "query \(query), window \(firstWindow), \(wanted) at a time")
            }
        }
    }
}

/// The titles' own postings: every title hit is among the documents they
/// name, and a file that is missing, stale or damaged is made again.
@Suite struct TitleIndexTests {
    @Test func everyTitleHitIsAPossibleOne() throws {
        let corpus = try TemporaryCorpus(count: 300, seed: 43, perFolder: 100)
        let library = try corpus.library()
        try library.index.update()
        let characters = try library.index.characterIndex()
        let titles = try #require(library.index.titleIndex(for: characters))
        for query in ["区", "社区", "智慧社区", "建设 社区", "ai", "无此词语"] {
            let parsed = SearchQuery(query)
            let possible = titles.possibleTitleHits(parsed.terms)
            let hits = characters.live.members.filter {
                CorpusLibrary.hasTitleHit($0, terms: parsed.terms, characters: characters, text: library.index.text)
            }
            #expect(hits.allSatisfy { possible.contains($0) }, "query \(query)")
            #expect(possible.count < characters.live.count, "query \(query): the postings narrow nothing")
        }
    }

    @Test func aDamagedOrMissingTitleFileIsMadeAgain() throws {
        let corpus = try TemporaryCorpus(count: 200, seed: 47, perFolder: 100)
        let library = try corpus.library()
        try library.index.update()
        let path = library.index.titleIndexPath
        #expect(FileManager.default.fileExists(atPath: path), "the update writes the title postings")
        let expected = try library.search("社区", limit: 20)
        // Damaged: a byte changed in the middle.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let again = try corpus.library()
        #expect(try again.search("社区", limit: 20) == expected)
        let characters = try again.index.characterIndex()
        #expect(TitleIndex.load(path: path, generation: characters.generation, capacity: characters.documentCapacity) != nil)
        // Missing.
        try FileManager.default.removeItem(atPath: path)
        let third = try corpus.library()
        #expect(try third.search("智慧社区", limit: 5) == (try library.search("智慧社区", limit: 5)))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}

/// Every `every`th read says to let go of the pages, counted over all threads.
@Suite struct ReleaseCadenceTests {
    @Test func onceEveryNReadsOverAllThreads() {
        let cadence = ReleaseCadence(every: 100)
        let said = Locked(0)
        ParallelLoop.run(iterations: 4) { _ in
            for _ in 0..<2_500 where cadence.counts() { said.withLock { $0 += 1 } }
        }
        #expect(said.withLock { $0 } == 100)
    }
}
