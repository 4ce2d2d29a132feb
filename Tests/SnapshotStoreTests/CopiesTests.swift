import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// Pair precision and recall of the grouping against a generated corpus
/// with planted copies and decoys.
struct GroupingScore {
    var truePairs = 0
    var foundPairs = 0
    var foundTrue = 0
    var precision: Double { foundPairs == 0 ? 1 : Double(foundTrue) / Double(foundPairs) }
    var recall: Double { truePairs == 0 ? 1 : Double(foundTrue) / Double(truePairs) }

    /// Scores the groups found against the truth: every pair of files in one
    /// group, against every pair of files of one story.
    init(groups: [[String]], truth: [PlantedFile]) {
        var story: [String: Int] = [:]
        for file in truth { story[file.file] = file.story }
        var sizes: [Int: Int] = [:]
        for file in truth { sizes[file.story, default: 0] += 1 }
        truePairs = sizes.values.map { $0 * ($0 - 1) / 2 }.reduce(0, +)
        for group in groups {
            for (index, a) in group.enumerated() {
                for b in group[(index + 1)...] {
                    foundPairs += 1
                    if let left = story[a], left == story[b] { foundTrue += 1 }
                }
            }
        }
    }
}

@Suite(.serialized) struct CopiesTests {
    /// The bar, for each kind of copy on its own, decoys always included.
    @Test(arguments: PlantedKind.copyKinds)
    func findsEachKindOfCopyAndNoDecoy(kind: PlantedKind) throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 400, seed: 21)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 300, decoys: 60, kinds: [kind])
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        let score = GroupingScore(groups: try library.copyGroups(), truth: planter.truth())
        #expect(score.truePairs == 300)
        #expect(score.precision >= 0.99, "\(kind): precision \(score.precision), \(score.foundPairs) pairs found")
        #expect(score.recall >= 0.95, "\(kind): recall \(score.recall)")
    }

    @Test func decoysAreNotCopies() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 200, seed: 8)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 0, decoys: 80)
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        #expect(try library.copyGroups().isEmpty)
        // They are there and do look alike.
        let articles = try corpus.parsedArticles()
        #expect(articles.values.filter { $0.title == CopyPlanter.columnTitle }.count == 80)
        #expect(articles.values.filter { $0.body.contains { $0.text == CopyPlanter.boilerplate } }.count == 80)
    }

    /// Joining and leaving without a rebuild: the same groups as a fresh index.
    @Test func groupsFollowAddedAndRemovedFiles() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 60, seed: 3)
        try CorpusWriter.write(base, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        #expect(try library.copyGroups().isEmpty)
        let planter = CopyPlanter(base: base, copies: 12)
        let converter = try ScriptConverter(to: .traditional)
        for k in 0..<planter.copies {
            let (copy, _) = planter.planted(k, converter: converter)
            try corpus.write(copy.fileName, copy.text)
        }
        try library.index.update()
        let groups = Set(try library.copyGroups())
        #expect(groups.count == 12)
        #expect(groups.allSatisfy { $0.count == 2 })
        let original = base.fileName(0)
        let copyOfFirst = planter.planted(0, converter: nil).0.fileName
        #expect(try library.copies(ofPath: original)?.map(\.path) == [copyOfFirst])
        let counts = try library.copyCounts()
        let docno = try #require(try library.article(atPath: original)?.docno)
        #expect(counts[docno] == 1)

        // A second copy of story 0 makes a group of three; then the original goes.
        let recrawl = CopyPlanter(base: base, copies: 61, kinds: [.recrawl]).planted(60, converter: nil).0
        try corpus.write(recrawl.fileName, recrawl.text)
        try library.index.update()
        #expect(Set(try library.copies(ofPath: original)?.map(\.path) ?? []) == [copyOfFirst, recrawl.fileName])
        try corpus.remove(original)
        try library.index.update()
        #expect(Set(try library.copies(ofPath: copyOfFirst)?.map(\.path) ?? []) == [recrawl.fileName])

        let fresh = TemporaryCorpusCopy(of: corpus)
        let rebuilt = try fresh.library()
        try rebuilt.index.update()
        #expect(Set(try rebuilt.copyGroups()) == Set(try library.copyGroups()))
    }

    @Test func distinctKeepsTheFirstPublished() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 30, seed: 9)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 8, kinds: [.repost])
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        let later = try library.laterCopies()
        #expect(later.count == 8)
        for k in 0..<8 {
            // Reposts are published hours after their original.
            let copy = try #require(try library.article(atPath: planter.planted(k, converter: nil).0.fileName))
            #expect(later.contains(copy.docno))
        }
        // The filter leaves them out of the list (from SQL and from the index files) and of search.
        let distinct = ArticleFilter(distinct: true)
        let listed = try library.list(filter: distinct)
        #expect(listed.count == 30)
        #expect(listed.allSatisfy { !later.contains($0.docno) })
        #expect(try library.listResults(filter: distinct)?.count == 30)
        #expect(try library.list().count == 38)
        let word = try #require(try library.list().first?.title.prefix(2))
        let all = try library.search(String(word))
        let one = try library.search(String(word), filter: distinct)
        #expect(one.map(\.article.docno) == all.map(\.article.docno).filter { !later.contains($0) })
    }

    /// A repost comes from another source and holds a `本文转自` line its
    /// original lacks: with a filter on its source, or a search for that
    /// line, it is the first published of what is left, and `--distinct`
    /// keeps it (it was dropped for an original the filter left out).
    @Test func distinctKeepsTheFirstOfTheCopiesTheFilterOrSearchLeaves() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 30, seed: 9)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 8, kinds: [.repost])
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        let later = try library.laterCopies()
        let reposts = try (0..<8).map { try #require(try library.article(atPath: planter.planted($0, converter: nil).0.fileName)) }
        #expect(reposts.allSatisfy { later.contains($0.docno) })
        for repost in reposts {
            let source = try #require(repost.source)
            let listed = try library.list(filter: ArticleFilter(source: source, distinct: true)).map(\.docno)
            #expect(listed.contains(repost.docno), "\(source)")
            #expect(try library.count(filter: ArticleFilter(source: source, distinct: true)) == listed.count)
        }
        let noted = try library.search("本文转自").map(\.article.docno)
        #expect(Set(reposts.map(\.docno)).isSubset(of: Set(noted)))
        let distinct = try library.search("本文转自", filter: ArticleFilter(distinct: true)).map(\.article.docno)
        #expect(Set(reposts.map(\.docno)).isSubset(of: Set(distinct)))
        // A word both hold still gives one row a story: the original.
        let original = try #require(try library.copies(ofPath: reposts[0].path)?.first)
        #expect(!later.contains(original.docno))
        let word = String(original.title.prefix(4))
        let one = try library.search(word, filter: ArticleFilter(distinct: true)).map(\.article.docno)
        #expect(one.contains(original.docno))
        #expect(one.allSatisfy { !later.contains($0) })
    }

    @Test func signaturesEstimateSimilarity() throws {
        let text = (0..<20).map { "第\($0)句话讲的是村里的新书店和孩子们的周末。" }
        let whole = try #require(CopySignature(body: text.map { BodyBlock(.paragraph, $0) }))
        let most = try #require(CopySignature(body: text.dropLast(3).map { BodyBlock(.paragraph, $0) }))
        let other = try #require(CopySignature(body: (0..<20).map { BodyBlock(.paragraph, "另一个故事的第\($0)段,讲城市里的地铁线路开通。") }))
        #expect(whole.isCopy(of: most))
        #expect(!whole.isCopy(of: other))
        #expect(CopySignature(blob: whole.blob) == whole)
        #expect(CopySignature(body: [BodyBlock(.paragraph, "太短了。")]) == nil)
    }

    /// Wire briefs of 70 or 100 characters under one long boilerplate
    /// paragraph: each pair's similarity is about 0.4 and, by chance, above
    /// 0.5 for some pairs, but each keeps its own text, so none is a copy of
    /// another; while a brief reposted with a paragraph dropped and a note
    /// added, or crawled again, still is.
    @Test func shortStoriesUnderOneBoilerplateAreNotCopies() throws {
        let boilerplate = "本报讯 欢迎广大读者关注本报微信公众号和客户端,获取更多本地新闻资讯。如您有新闻线索,请拨打本报新闻热线,我们将第一时间派出记者进行采访报道。本报对提供有价值线索的读者给予奖励,线索一经采用即付稿酬,欢迎转发扩散,让更多的人了解身边的新鲜事与好人好事。感谢您一直以来的关注和支持。"
        #expect(boilerplate.count >= 130)
        let generator = CorpusGenerator(count: 60, seed: 12)
        var briefs: [[BodyBlock]] = []
        for n in 0..<generator.count {
            let article = try SnapshotParser.parse(bytes: Array(generator.snapshot(n).text.utf8), file: "\(n)")
            let length = n % 3 == 0 ? 70 : 100
            let own = String(article.bodyText.filter { $0 != "\n" }.prefix(length))
            guard own.count == length else { continue }
            let parts = [String(own.prefix(length / 2)), String(own.dropFirst(length / 2))]
            briefs.append(parts.map { BodyBlock(.paragraph, $0) } + [BodyBlock(.paragraph, boilerplate)])
        }
        #expect(briefs.count >= 50)
        let signatures = try briefs.map { try #require(CopySignature(body: $0)) }
        var grouped = 0
        var above = 0
        for i in signatures.indices {
            for j in signatures.indices where j > i {
                if signatures[i].similarity(signatures[j]) >= CopySignature.copyThreshold { above += 1 }
                if signatures[i].isCopy(of: signatures[j]) { grouped += 1 }
            }
        }
        #expect(above > 0, "no pair above the similarity alone: the case is not tried")
        #expect(grouped == 0, "\(grouped) pairs of different briefs taken for copies (\(above) above the similarity alone)")
        for brief in briefs.prefix(20) {
            let original = try #require(CopySignature(body: brief))
            #expect(original.isCopy(of: try #require(CopySignature(body: brief))))
            let repost = [BodyBlock(.paragraph, "本文转自:人民网-山西频道")] + brief.dropFirst()
            let reposted = try #require(CopySignature(body: repost))
            #expect(original.isCopy(of: reposted), "similarity \(original.similarity(reposted)), containment \(original.containment(reposted))")
        }
    }
}

/// A second corpus folder holding the same files, indexed from scratch.
final class TemporaryCorpusCopy {
    let copy: TemporaryCorpus
    init(of corpus: TemporaryCorpus) {
        // swiftlint:disable:next force_try
        copy = try! TemporaryCorpus()
        let manager = FileManager.default
        if let files = manager.enumerator(atPath: corpus.corpus) {
            while let path = files.nextObject() as? String {
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: corpus.corpus + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                try? manager.createDirectory(atPath: ((copy.corpus + "/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? manager.copyItem(atPath: corpus.corpus + "/" + path, toPath: copy.corpus + "/" + path)
            }
        }
    }
    func library() throws -> CorpusLibrary { try copy.library() }
}
