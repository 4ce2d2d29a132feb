import CorpusGenerator
import Foundation
import GRDB
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
        let planter = CopyPlanter(base: base, copies: 300, decoys: 60, briefs: 60, kinds: [kind])
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
        let planter = CopyPlanter(base: base, copies: 0, decoys: 80, briefs: 80)
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

/// Wire briefs with a few dozen characters of their own under one long
/// notice: their text alone makes some pairs copies (the notice is most of
/// each); the paragraph counts of the corpus say the notice is boilerplate.
@Suite struct BoilerplateBriefTests {
    static let notice = CopyPlanter.briefNotice

    /// Bodies of `own` characters of a generated story's text, then the notice.
    static func briefs(own lengths: ClosedRange<Int>, count: Int) throws -> [[BodyBlock]] {
        let generator = CorpusGenerator(count: count, seed: 31)
        return try (0..<count).map { n in
            let article = try SnapshotParser.parse(bytes: Array(generator.snapshot(n).text.utf8), file: "\(n)")
            let own = String(article.bodyText.filter { !$0.isWhitespace }.prefix(lengths.lowerBound + n % (lengths.count)))
            return [BodyBlock(.paragraph, own), BodyBlock(.paragraph, notice)]
        }
    }

    static func noticeHash() throws -> UInt32 {
        let alone = try #require(CopySignature(body: [BodyBlock(.paragraph, notice)]))
        return try #require(alone.paragraphs.first?.hash)
    }

    @Test func theNoticeIsLongerThanAnyBriefsOwnText() {
        #expect(Self.notice.count >= 120)
    }

    @Test func briefsUnderACommonNoticeAreNotCopies() throws {
        let common = try Self.noticeHash()
        let signatures = try Self.briefs(own: 24...60, count: 90).map { try #require(CopySignature(body: $0)) }
        var byText = 0
        var byCounts = 0
        for i in signatures.indices {
            for j in signatures.indices where j > i {
                if signatures[i].isCopy(of: signatures[j]) { byText += 1 }
                if signatures[i].isCopy(of: signatures[j], isCommon: { $0 == common }) { byCounts += 1 }
            }
        }
        #expect(byText > 0, "no pair of briefs is a copy by its text: the case is not tried")
        #expect(byCounts == 0, "\(byCounts) pairs of different briefs taken for copies")
    }

    /// What still groups: a brief crawled again or reposted, a story with
    /// near-equal paragraphs, and a story copied so often that every
    /// paragraph of it is common, edited.
    @Test func copiesUnderACommonNoticeStillAre() throws {
        let common = try Self.noticeHash()
        for brief in try Self.briefs(own: 30...60, count: 10) {
            let original = try #require(CopySignature(body: brief))
            let spaced = brief.map { BodyBlock($0.kind, $0.text.map { String($0) }.joined(separator: " ")) }
            #expect(original.isCopy(of: try #require(CopySignature(body: spaced)), isCommon: { $0 == common }))
            let repost = [BodyBlock(.paragraph, "本文转自:新华网")] + brief
            #expect(original.isCopy(of: try #require(CopySignature(body: repost)), isCommon: { $0 == common }))
        }
        // Briefs of a dozen characters of their own are told apart too, and
        // each is a copy of itself crawled again.
        let tiny = try Self.briefs(own: 12...16, count: 6).map { try #require(CopySignature(body: $0)) }
        #expect(tiny[0].isCopy(of: tiny[1]), "the tiny briefs are not copies by their text: the case is not tried")
        for i in tiny.indices {
            #expect(tiny[i].isCopy(of: tiny[i], isCommon: { $0 == common }))
            for j in tiny.indices where j > i { #expect(!tiny[i].isCopy(of: tiny[j], isCommon: { $0 == common })) }
        }

        // A story of its own text and the notice, copied with a typo fixed,
        // with its paragraphs broken differently, with a variant character:
        // no own paragraph keeps its hash, and the signatures' estimate of
        // the rest decides.
        for long in try Self.briefs(own: 200...260, count: 6) {
            let text = long[0].text
            let original = try #require(CopySignature(body: long))
            let middle = text.index(text.startIndex, offsetBy: text.count / 2)
            let typo = [BodyBlock(.paragraph, String(text[..<middle]) + "国" + String(text[middle...].dropFirst())), long[1]]
            let rebroken = [BodyBlock(.paragraph, String(text[..<middle])), BodyBlock(.paragraph, String(text[middle...])), long[1]]
            for copy in [typo, rebroken] {
                let signature = try #require(CopySignature(body: copy))
                #expect(original.isCopy(of: signature, isCommon: { $0 == common }), "similarity \(original.similarity(signature))")
            }
        }
        let story = try #require(try Self.briefs(own: 400...400, count: 1).first)
        let paragraphs = stride(from: 0, to: 400, by: 100).map { String(story[0].text.dropFirst($0).prefix(100)) }
        let body = paragraphs.map { BodyBlock(.paragraph, $0) } + [BodyBlock(.paragraph, Self.notice)]
        var edited = body
        edited[1] = BodyBlock(.paragraph, "编辑改写了这一段,换上了新的说法和补充的细节,长度与原来相近。")
        let original = try #require(CopySignature(body: body))
        let edit = try #require(CopySignature(body: edited))
        let everyParagraph = Set(original.paragraphs.map(\.hash))
        #expect(original.isCopy(of: edit, isCommon: { everyParagraph.contains($0) }))
        #expect(original.isCopy(of: edit, isCommon: { $0 == common }))
    }

    /// Briefs under a notice that differs by a character in some of them,
    /// or is cut into two paragraphs: the variant is not common (few hold
    /// it), and a brief holding it is still told from one holding the notice.
    /// A brief of the notice alone is no brief's copy.
    @Test func briefsUnderAVariantOfTheNoticeAreNotCopies() throws {
        let common = try Self.noticeHash()
        let notice = Self.notice
        let middle = notice.index(notice.startIndex, offsetBy: notice.count / 2)
        let variant = String(notice[..<middle]) + "國" + String(notice[middle...].dropFirst())
        let briefs = try Self.briefs(own: 30...60, count: 12)
        let plain = try briefs.map { try #require(CopySignature(body: $0)) }
        let variants = try briefs.map { try #require(CopySignature(body: [$0[0], BodyBlock(.paragraph, variant)])) }
        let cut = try briefs.map {
            try #require(CopySignature(body: [$0[0], BodyBlock(.paragraph, String(notice[..<middle])), BodyBlock(.paragraph, String(notice[middle...]))]))
        }
        let alone = try #require(CopySignature(body: [BodyBlock(.paragraph, notice)]))
        var byText = 0
        for i in plain.indices {
            #expect(!alone.isCopy(of: plain[i], isCommon: { $0 == common }))
            for j in plain.indices where j != i {
                for other in [variants[j], cut[j]] {
                    if plain[i].isCopy(of: other) { byText += 1 }
                    #expect(!plain[i].isCopy(of: other, isCommon: { $0 == common }))
                }
            }
            // The same brief under the variant is still its copy.
            #expect(plain[i].isCopy(of: variants[i], isCommon: { $0 == common }))
        }
        #expect(byText > 0, "no pair is a copy by its text: the case is not tried")
    }

    /// Briefs each under its own variant of the notice (one character
    /// changed, at a place of its own): no variant is held by enough
    /// articles to be common, but their ends (first and last characters)
    /// are, so the counts know each variant for boilerplate and no brief is another's
    /// copy. The same brief under two variants is still one story.
    @Test func briefsEachUnderItsOwnVariantOfTheNoticeAreNotCopies() throws {
        let notice = Self.notice
        func variant(_ n: Int) -> String {
            let place = notice.index(notice.startIndex, offsetBy: 20 + 3 * n)
            return String(notice[..<place]) + "國" + String(notice[place...].dropFirst())
        }
        let briefs = try Self.briefs(own: 30...60, count: 12)
        let underVariants = try briefs.indices.map { try #require(CopySignature(body: [briefs[$0][0], BodyBlock(.paragraph, variant($0))])) }
        let counts = ParagraphCounts()
        for signature in underVariants { counts.add(signature.paragraphs, delta: 1) }
        let variantParagraphs = underVariants.map(\.paragraphs[1])
        #expect(Set(variantParagraphs.map(\.hash)).count == briefs.count)
        #expect(variantParagraphs.allSatisfy { counts.count($0.hash) < ParagraphCounts.commonCount && counts.isCommon($0) })
        // A brief's own text has ends of its own: not common.
        #expect(underVariants.allSatisfy { !counts.isCommon($0.paragraphs[0]) })
        var byText = 0
        for i in underVariants.indices {
            for j in underVariants.indices where j > i {
                if underVariants[i].isCopy(of: underVariants[j]) { byText += 1 }
                #expect(!underVariants[i].isCopy(of: underVariants[j], isBoilerplate: counts.isCommon))
            }
            let again = try #require(CopySignature(body: [briefs[i][0], BodyBlock(.paragraph, variant((i + 5) % briefs.count))]))
            #expect(underVariants[i].isCopy(of: again, isBoilerplate: counts.isCommon))
        }
        #expect(byText > 0, "no pair is a copy by its text: the case is not tried")
    }

    /// A paragraph's ends: its first and last 16 characters without
    /// punctuation, kept when it has 32 or more; a change inside keeps
    /// them, a change at either end does not.
    @Test func aParagraphsEndsAreItsFirstAndLastCharacters() throws {
        func paragraph(_ text: String) throws -> CopySignature.Paragraph {
            try #require(CopySignature(body: [BodyBlock(.paragraph, text), BodyBlock(.paragraph, Self.notice)])?.paragraphs.first)
        }
        let text = String(Self.notice.filter { !$0.isPunctuation }.prefix(40))
        let original = try paragraph(text)
        #expect(original.hasEnds)
        let middle = try paragraph(String(text.prefix(20)) + "國" + String(text.dropFirst(21)))
        #expect(middle.hash != original.hash && middle.ends == original.ends)
        #expect(try paragraph("國" + String(text.dropFirst())).ends != original.ends)
        #expect(try paragraph(String(text.dropLast()) + "國").ends != original.ends)
        // Whatever is between the first 16 and the last 16.
        #expect(try paragraph(String(text.prefix(16)) + String(text.suffix(16))).ends == original.ends)
        #expect(try paragraph(String(text.suffix(16)) + String(text.prefix(16))).ends != original.ends)
        // Punctuation is not counted.
        #expect(try paragraph(String(text.prefix(10)) + ",。" + String(text.dropFirst(10))).ends == original.ends)
        #expect(!(try paragraph(String(text.prefix(31)))).hasEnds)
        #expect(try paragraph(String(text.prefix(32))).hasEnds)
        let signature = try #require(CopySignature(body: [BodyBlock(.paragraph, text), BodyBlock(.paragraph, String(text.prefix(12)))]))
        #expect(CopySignature(blob: signature.blob) == signature)
    }

    /// Under a long notice (300 characters) and a disclaimer after it, both
    /// common: briefs of 10 to 20 characters of their own, briefs of 40 to
    /// 100 under both, a brief with the notice printed twice, and a body of
    /// the notice alone are no copies of each other. A story that dropped
    /// the notice in a copy is still one story with it, though its whole
    /// text's similarity is under the bar.
    @Test func briefsUnderLongBoilerplateAreNotCopiesAndADroppedNoticeIsNoChange() throws {
        let story = try #require(try Self.briefs(own: 600...600, count: 1).first)[0].text
        let notice = String(story.prefix(300))
        let disclaimer = String(story.dropFirst(300).prefix(120))
        let hashes = try [notice, disclaimer].map { try #require(CopySignature(body: [BodyBlock(.paragraph, $0)])?.paragraphs.first?.hash) }
        let isCommon: (UInt32) -> Bool = { hashes.contains($0) }
        // Brief 0 would be the story's own start: left out.
        let shortOwn = try Self.briefs(own: 10...20, count: 12).dropFirst().map { $0[0].text }
        let longOwn = try Self.briefs(own: 40...100, count: 12).dropFirst().map { $0[0].text }
        let short = try shortOwn.map { try #require(CopySignature(body: [BodyBlock(.paragraph, $0), BodyBlock(.paragraph, notice)])) }
        let long = try longOwn.map {
            try #require(CopySignature(body: [BodyBlock(.paragraph, $0), BodyBlock(.paragraph, notice), BodyBlock(.paragraph, disclaimer)]))
        }
        let twice = try longOwn.map {
            try #require(CopySignature(body: [BodyBlock(.paragraph, notice), BodyBlock(.paragraph, $0), BodyBlock(.paragraph, notice)]))
        }
        let alone = try #require(CopySignature(body: [BodyBlock(.paragraph, notice)]))
        #expect(short.count >= 2 && long.count >= 2, "\(short.count) short, \(long.count) long briefs")
        var byText = 0
        for group in [short, long, twice] {
            for i in group.indices {
                #expect(!alone.isCopy(of: group[i], isCommon: isCommon))
                #expect(group[i].isCopy(of: group[i], isCommon: isCommon))
                for j in group.indices where j > i {
                    if group[i].isCopy(of: group[j]) { byText += 1 }
                    #expect(!group[i].isCopy(of: group[j], isCommon: isCommon))
                }
            }
        }
        #expect(byText > 0, "no pair is a copy by its text: the case is not tried")
        let body = String(story.dropFirst(420).prefix(160))
        let original = try #require(CopySignature(body: [BodyBlock(.paragraph, body), BodyBlock(.paragraph, notice)]))
        let dropped = try #require(CopySignature(body: [BodyBlock(.paragraph, "本文转自:新华网"), BodyBlock(.paragraph, body)]))
        #expect(!original.isCopy(of: dropped), "the text alone already takes them for copies: the case is not tried")
        #expect(original.isCopy(of: dropped, isCommon: isCommon))
    }

    /// A story reposted by eleven outlets, each adding a credit line of its
    /// own, the original not among them: every paragraph of the story is
    /// common, and the reposts are still copies of each other.
    @Test func aStoryRepostedWidelyWithCreditLinesIsOneStory() throws {
        let story = try #require(try Self.briefs(own: 420...420, count: 1).first)[0].text
        let paragraphs = stride(from: 0, to: story.count, by: 140).map { String(story.dropFirst($0).prefix(140)) }
        let reposts = try (0..<11).map { n in
            try #require(CopySignature(body: paragraphs.map { BodyBlock(.paragraph, $0) }
                + [BodyBlock(.paragraph, "本文转自第\(n)家合作媒体的客户端,转载请注明出处并保留作者署名信息")]))
        }
        let storyParagraphs = Set(reposts[0].paragraphs.prefix(paragraphs.count).map(\.hash))
        for i in reposts.indices {
            for j in reposts.indices where j > i {
                #expect(reposts[i].isCopy(of: reposts[j], isCommon: { storyParagraphs.contains($0) }))
            }
        }
    }

    /// The same reposts, each outlet's credit line or dateline run into the
    /// story's first paragraph (or its credit onto the last) instead of
    /// standing apart: the paragraph is the story's and a few characters
    /// of the outlet's, and the reposts are one story, with the original
    /// too. A paragraph with more than `gluedLength` characters run into
    /// it is its own text, and such reposts are not taken for one story.
    @Test func aStoryRepostedWidelyWithCreditsRunIntoItsParagraphsIsOneStory() throws {
        let story = try #require(try Self.briefs(own: 420...420, count: 1).first)[0].text
        let paragraphs = stride(from: 0, to: story.count, by: 140).map { String(story.dropFirst($0).prefix(140)) }
        func repost(_ n: Int, credit: String) throws -> CopySignature {
            var blocks = paragraphs.map { BodyBlock(.paragraph, $0) }
            switch n % 3 {
            case 0: blocks[0] = BodyBlock(.paragraph, credit + paragraphs[0])
            case 1: blocks[0] = BodyBlock(.paragraph, "第\(n)报北京电 " + paragraphs[0])
            default: blocks[blocks.count - 1] = BodyBlock(.paragraph, paragraphs[paragraphs.count - 1] + credit)
            }
            return try #require(CopySignature(body: blocks))
        }
        let original = try #require(CopySignature(body: paragraphs.map { BodyBlock(.paragraph, $0) }))
        let storyParagraphs = Set(original.paragraphs.map(\.hash))
        let isCommon: (UInt32) -> Bool = { storyParagraphs.contains($0) }
        let reposts = try (0..<11).map { try repost($0, credit: "(本文转自第\($0)家合作媒体客户端)") }
        for repost in reposts {
            #expect(repost.paragraphs.contains { !storyParagraphs.contains($0.hash) }, "a repost with no paragraph of its own: the case is not tried")
        }
        // Each is a copy of the original, and of a repost with its credit run
        // into another paragraph; two run into the same paragraph are one
        // story through the rest (a group is its pairs' connected component).
        for (i, a) in reposts.enumerated() {
            #expect(a.isCopy(of: original, isCommon: isCommon), "repost \(i) and the original")
            for (j, b) in reposts.enumerated() where j > i && (i % 3 == 2) != (j % 3 == 2) {
                #expect(a.isCopy(of: b, isCommon: isCommon), "reposts \(i) and \(j)")
            }
        }
        // Too much run into a paragraph for a credit line: its own text.
        let long = String(repeating: "编者按这是一段很长的说明文字", count: 6)
        let lengthy = try repost(0, credit: long)
        #expect(!lengthy.isCopy(of: original, isCommon: isCommon))
    }

    /// A brief run into the start of the notice (one paragraph) holds the
    /// common notice and a few characters of its own: it is not the copy of
    /// the notice alone, nor of a brief under the notice apart.
    @Test func aBriefRunIntoTheNoticeIsNoCopyOfTheNoticeNorOfAnotherBrief() throws {
        let common = try Self.noticeHash()
        let briefs = try Self.briefs(own: 12...40, count: 40)
        let glued = try briefs.map { try #require(CopySignature(body: [BodyBlock(.paragraph, $0[0].text + $0[1].text)])) }
        let apart = try briefs.map { try #require(CopySignature(body: $0)) }
        let alone = try #require(CopySignature(body: [BodyBlock(.paragraph, Self.notice)]))
        #expect(glued.contains { !$0.isCopy(of: alone) } == false, "the text alone keeps a brief from the notice: the case is not tried")
        var wrong = 0
        for (i, brief) in glued.enumerated() {
            if brief.isCopy(of: alone, isCommon: { $0 == common }) { wrong += 1 }
            for (j, other) in apart.enumerated() where j != i {
                if brief.isCopy(of: other, isCommon: { $0 == common }) { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(wrong) pairs of different briefs taken for copies")
    }

    /// Briefs in an index: the notice is counted common once enough of them
    /// hold it, none is grouped with another, and when most leave, the
    /// rest are grouped as a cold index of them groups them.
    @Test func anIndexOfBriefsGroupsNone() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 40, seed: 5)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 40, briefs: 120)
        try planter.write(to: corpus.corpus, truthFile: nil)
        let library = try corpus.library()
        try library.index.update()
        let score = GroupingScore(groups: try library.copyGroups(), truth: planter.truth())
        #expect(score.truePairs == 40)
        #expect(score.precision >= 0.99 && score.recall >= 0.95, "precision \(score.precision), recall \(score.recall)")
        let common = try library.index.database.writer.read { db in try ParagraphCounts.load(db) }
        #expect(common.count(try Self.noticeHash()) >= 120)
        // Most briefs leave: their counts go with them.
        let briefs = planter.truth().filter { $0.kind == .briefDecoy }.map(\.file)
        let kept = ParagraphCounts.commonCount - 1
        for file in briefs.dropFirst(kept) { try FileManager.default.removeItem(atPath: corpus.corpus + "/" + file) }
        try library.index.update()
        let after = try library.index.database.writer.read { db in try ParagraphCounts.load(db) }
        #expect(after.count(try Self.noticeHash()) < 120)
        #expect(after.count(try Self.noticeHash()) >= kept)
        #expect(!after.isCommon(try Self.noticeHash()))
        // The notice no longer common, the briefs left are compared again:
        // the groups are a cold index's of the same files.
        let copy = TemporaryCorpusCopy(of: corpus)
        let cold = try copy.library()
        try cold.index.update()
        let left = Set(briefs.prefix(kept))
        #expect(try cold.copyGroups().contains { !Set($0).isDisjoint(with: left) }, "no brief left is grouped by its text: the case is not tried")
        #expect(try Set(library.copyGroups().map(Set.init)) == Set(cold.copyGroups().map(Set.init)))
    }
}

/// Briefs indexed a few at a time: until the notice is common their text
/// alone decides (some are grouped); once it is, the groups that hold it are
/// regrouped, and the index ends as a cold index of the same files does.
@Suite struct BoilerplateBriefUpdateTests {
    @Test func groupsMadeBeforeTheNoticeWasCommonAreTakenApart() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 20, seed: 9)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 0, briefs: 40)
        func write(_ range: Range<Int>) throws {
            for k in range {
                let (snapshot, _) = planter.planted(k, converter: nil)
                try corpus.write(snapshot.fileName, snapshot.text)
            }
        }
        try write(0..<(ParagraphCounts.commonCount - 1))
        let library = try corpus.library()
        try library.index.update()
        #expect(!(try library.copyGroups().isEmpty), "no brief grouped by its text alone: the case is not tried")
        try write((ParagraphCounts.commonCount - 1)..<40)
        try library.index.update()
        #expect(try library.copyGroups().isEmpty)
        let copy = TemporaryCorpusCopy(of: corpus)
        let cold = try copy.library()
        try cold.index.update()
        #expect(try cold.copyGroups().isEmpty)
    }

    /// The same with each brief under its own variant of the notice (one
    /// character changed inside it): no paragraph becomes common, their
    /// ends do, and the groups made before are taken apart; when most
    /// leave, the rest are grouped again as a cold index groups them.
    @Test func groupsMadeBeforeTheNoticesEndsWereCommonAreTakenApart() throws {
        let corpus = try TemporaryCorpus()
        let base = CorpusGenerator(count: 20, seed: 9)
        try CorpusWriter.write(base, to: corpus.corpus)
        let planter = CopyPlanter(base: base, copies: 0, briefs: 40)
        let notice = CopyPlanter.briefNotice
        var files: [String] = []
        func write(_ range: Range<Int>) throws {
            for k in range {
                let (snapshot, _) = planter.planted(k, converter: nil)
                let place = notice.index(notice.startIndex, offsetBy: 20 + 2 * k)
                let variant = String(notice[..<place]) + "國" + String(notice[place...].dropFirst())
                #expect(snapshot.text.contains(notice))
                try corpus.write(snapshot.fileName, snapshot.text.replacingOccurrences(of: notice, with: variant))
                files.append(snapshot.fileName)
            }
        }
        func expectAsCold(_ library: CorpusLibrary) throws {
            let copy = TemporaryCorpusCopy(of: corpus)
            let cold = try copy.library()
            try cold.index.update()
            #expect(try Set(library.copyGroups().map(Set.init)) == Set(cold.copyGroups().map(Set.init)))
        }
        try write(0..<(ParagraphCounts.commonCount - 1))
        let library = try corpus.library()
        try library.index.update()
        #expect(!(try library.copyGroups().isEmpty), "no brief grouped by its text alone: the case is not tried")
        try write((ParagraphCounts.commonCount - 1)..<40)
        try library.index.update()
        #expect(try library.copyGroups().isEmpty)
        try expectAsCold(library)
        for file in files.dropFirst(ParagraphCounts.commonCount - 1) { try FileManager.default.removeItem(atPath: corpus.corpus + "/" + file) }
        try library.index.update()
        #expect(!(try library.copyGroups().isEmpty), "no brief left is grouped by its text: the case is not tried")
        try expectAsCold(library)
    }
}

/// The sketch's counts: in and out, saturation, and what is stored.
@Suite struct ParagraphCountsTests {
    @Test func countsGoInAndOutAndAreStored() throws {
        let database = try DatabaseQueue()
        try database.write { db in try ParagraphCounts.createTable(db) }
        let counts = ParagraphCounts()
        let a = CopySignature.Paragraph(hash: 0xDEAD_BEEF, length: 40)
        let b = CopySignature.Paragraph(hash: 0x0123_4567, length: 40)
        for _ in 0..<10 { counts.add([a, a, b], delta: 1) }
        counts.add([b], delta: -1)
        #expect(counts.count(a.hash) == 10)
        #expect(counts.count(b.hash) == 9)
        #expect(counts.isCommon(a.hash))
        #expect(counts.count(0x5555_5555) == 0)
        try database.write { db in try counts.save(db) }
        let stored = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM copy_paragraph_count") }
        #expect(stored == (a.hash >> 25 == b.hash >> 25 ? 1 : 2))
        let loaded = try database.read { db in try ParagraphCounts.load(db) }
        #expect(loaded.count(a.hash) == 10 && loaded.count(b.hash) == 9)
        // Counted out to nothing, a part is not stored.
        for _ in 0..<10 { loaded.add([a], delta: -1) }
        try database.write { db in try loaded.save(db) }
        #expect(try database.read { db in try ParagraphCounts.load(db) }.count(a.hash) == 0)
        // A counter stops at 255 and stays.
        for _ in 0..<300 { loaded.add([a], delta: 1) }
        loaded.add([a], delta: -1)
        #expect(loaded.count(a.hash) == 255)
    }

    /// Ends are counted on a sketch of their own, once an article each,
    /// and make a paragraph common without its hash being so.
    @Test func endsAreCountedApart() throws {
        let database = try DatabaseQueue()
        try database.write { db in try ParagraphCounts.createTable(db) }
        let counts = ParagraphCounts()
        func variant(_ n: UInt32, ends: UInt32 = 0x1111_1111) -> CopySignature.Paragraph {
            CopySignature.Paragraph(hash: 0x4000_0000 + n, length: 60, ends: ends)
        }
        for n in 0..<UInt32(ParagraphCounts.commonCount) { counts.add([variant(n), variant(n)], delta: 1) }
        #expect(counts.count(ParagraphCounts.Key(kind: .ends, hash: 0x1111_1111)) == ParagraphCounts.commonCount)
        // Ends are not paragraphs: the whole sketch has none of them.
        #expect(counts.count(0x1111_1111) == 0)
        #expect(counts.count(variant(0).hash) == 1)
        #expect(counts.isCommon(variant(99)))
        #expect(!counts.isCommon(variant(99, ends: 0x3333_3333)))
        #expect(!counts.isCommon(CopySignature.Paragraph(hash: 0x4000_0063, length: 20)))
        try database.write { db in try counts.save(db) }
        let loaded = try database.read { db in try ParagraphCounts.load(db) }
        #expect(loaded.isCommon(variant(99)))
        loaded.add([variant(0)], delta: -1)
        #expect(!loaded.isCommon(variant(99)))
    }

    @Test func aStoredPartThatDoesNotDecodeCountsNothing() throws {
        let database = try DatabaseQueue()
        try database.write { db in try ParagraphCounts.createTable(db) }
        let counts = ParagraphCounts()
        let a = CopySignature.Paragraph(hash: 0xDEAD_BEEF, length: 40)
        for _ in 0..<9 { counts.add([a], delta: 1) }
        try database.write { db in
            try counts.save(db)
            try db.execute(sql: "UPDATE copy_paragraph_count SET counts = x'00ff00ff'")
        }
        #expect(try database.read { db in try ParagraphCounts.load(db) }.count(a.hash) == 0)
    }

    @Test func signaturesKeepTheirParagraphs() throws {
        let body = [BodyBlock(.paragraph, "第一段 讲的是 村里的新书店和孩子们的周末,还有图书馆的开放时间。"), BodyBlock(.image, "图"),
                    BodyBlock(.heading, "小标题"), BodyBlock(.paragraph, "第二段講的是城裡的地鐵線路開通,市民出行更方便了許多。")]
        let signature = try #require(CopySignature(body: body))
        #expect(signature.paragraphs.count == 3)
        #expect(signature.paragraphs.map(\.length) == [31, 3, 27])
        #expect(CopySignature(blob: signature.blob) == signature)
        // Folded and without whitespace: the same hashes.
        let simplified = try #require(CopySignature(body: body.map { BodyBlock($0.kind, ScriptFold.fold($0.text.filter { $0 != " " })) }))
        #expect(simplified.paragraphs == signature.paragraphs)
        #expect(CopySignature(blob: signature.blob.dropLast(1)) == nil)
        // Punctuation is left out of the hash: a comma of the other width, a last stop changed.
        let punctuated = try #require(CopySignature(body: [BodyBlock(.paragraph, body[0].text.replacingOccurrences(of: ",", with: "，")
            .replacingOccurrences(of: "。", with: "！"))]))
        #expect(punctuated.paragraphs.first == signature.paragraphs.first)
        let reworded = try #require(CopySignature(body: [BodyBlock(.paragraph, body[0].text.replacingOccurrences(of: "新书店", with: "旧书店"))]))
        #expect(reworded.paragraphs.first?.hash != signature.paragraphs.first?.hash)
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
