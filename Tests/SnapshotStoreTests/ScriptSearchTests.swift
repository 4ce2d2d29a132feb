import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// Search matches simplified and traditional characters alike, exactly.
@Suite struct ScriptSearchTests {
    @Test func bothScriptsFindEachOther() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "诗经里的故事", body: ["孩子们在书店里读诗经,头发花白的老师讲国家的历史。"]))
        try corpus.write("b.txt", snapshotText(title: "詩經裡的故事", time: "2024-01-03 03:04:05", body: ["孩子們在書店裡讀詩經,頭髮花白的老師講國家的歷史。"]))
        try corpus.write("c.txt", snapshotText(title: "别的新闻", time: "2024-01-04 03:04:05", body: ["今天天气很好,没有别的事情。"]))
        let library = try corpus.library()
        try library.index.update()
        for query in ["诗经", "詩經", "诗", "詩", "头发花白", "頭髮花白", "书店里读诗经", "書店裡讀詩經", "孩子们 國家"] {
            #expect(Set(try library.search(query).map(\.article.path)) == ["a.txt", "b.txt"], "\(query)")
        }
        #expect(try library.search("天气").map(\.article.path) == ["c.txt"])
        // Snippets show each article's own text.
        let hits = try library.search("读诗经")
        #expect(hits.first { $0.article.path == "b.txt" }?.snippet.contains("讀詩經") == true)
        #expect(hits.first { $0.article.path == "a.txt" }?.snippet.contains("读诗经") == true)
        #expect(try library.search("诗经", limit: 1).count == 1)
    }

    /// Queries of every length cut from both scripts, against a scan of
    /// every article's text folded; every traditional copy (made by OpenCC)
    /// is found with its original.
    @Test func matchesAScanOfFoldedText() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 80, seed: 12)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 40, kinds: [.script])
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        let articles = try corpus.parsedArticles()
        func searchable(_ article: Article) -> String {
            ([article.title, article.editorNote ?? ""] + article.body.filter { $0.kind != .image }.map(\.text)).joined(separator: "\n")
        }
        let folded = articles.mapValues { ScriptFold.fold(searchable($0)) }
        // Seeded, so that a failure can be run again.
        var random = SeededRandom(state: 12)
        let paths = articles.keys.sorted()
        var checked = 0
        while checked < 120 {
            let text = Array(searchable(articles[paths[Int.random(in: 0..<paths.count, using: &random)]] ?? Article(id: "", title: "")))
            guard text.count > 8 else { continue }
            let length = Int.random(in: 1...6, using: &random)
            let start = Int.random(in: 0...(text.count - length), using: &random)
            let query = String(text[start..<(start + length)])
            guard query.unicodeScalars.allSatisfy({ $0.value >= 0x3000 }) else { continue }
            let expected = Set(folded.filter { $0.value.contains(ScriptFold.fold(query)) }.keys)
            #expect(Set(try library.search(query).map(\.article.path)) == expected, "\(query)")
            checked += 1
        }
        let converter = try ScriptConverter(to: .traditional)
        for k in 0..<planter.copies {
            let (copy, truth) = planter.planted(k, converter: converter)
            let original = try #require(articles[base.fileName(truth.story)])
            let paragraph = try #require(original.body.first { $0.kind == .paragraph }?.text)
            let query = String(paragraph.prefix(6))
            let found = Set(try library.search(query).map(\.article.path))
            #expect(found.contains(copy.fileName) && found.contains(base.fileName(truth.story)), "\(query)")
            let traditional = converter.convert(query)
            if ScriptFold.fold(traditional) == ScriptFold.fold(query) {
                #expect(Set(try library.search(traditional).map(\.article.path)) == found, "\(traditional)")
            }
        }
    }
}

/// SplitMix64, for tests that must pick the same "random" queries every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
