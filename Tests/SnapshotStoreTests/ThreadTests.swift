import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// A breadth-first walk over links given as "file → files it points at",
/// followed both ways: the oracle threads are checked against.
func walkLinks(from start: String, depth: Int, links: [String: Set<String>]) -> [String: Int] {
    var backward: [String: Set<String>] = [:]
    for (source, targets) in links {
        for target in targets { backward[target, default: []].insert(source) }
    }
    var found = [start: 0]
    var frontier = [start]
    for level in stride(from: 1, through: depth, by: 1) {
        var next: [String] = []
        for file in frontier {
            for neighbour in (links[file] ?? []).union(backward[file] ?? []) where found[neighbour] == nil {
                found[neighbour] = level
                next.append(neighbour)
            }
        }
        frontier = next
    }
    return found
}

@Suite struct ThreadTests {
    /// Links as `related` resolves them, for every article of the corpus.
    static func resolvedLinks(_ library: CorpusLibrary, files: [String]) throws -> [String: Set<String>] {
        var links: [String: Set<String>] = [:]
        for file in files { links[file] = Set(try library.related(ofPath: file).compactMap { $0.target?.path }) }
        return links
    }

    static func depths(_ stories: [ThreadStory]) -> [String: Int] {
        Dictionary(stories.map { ($0.article.path, $0.depth) }, uniquingKeysWith: { first, _ in first })
    }

    /// Against the generator's own truth of which story each related item
    /// was cut from: no story further than N links, none missed.
    @Test func threadsAreWalksOfTheGeneratorsTruth() throws {
        let generator = CorpusGenerator(count: 150, seed: 31, outsidePercent: 30)
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        var truth: [String: Set<String>] = [:]
        for n in 0..<generator.count {
            let snapshot = generator.snapshot(n)
            truth[snapshot.fileName] = Set(snapshot.relatedTargets.compactMap { $0 })
        }
        // Resolution finds exactly the planted links in this corpus (so the
        // truth is also what link resolution finds).
        #expect(try Self.resolvedLinks(library, files: Array(truth.keys)) == truth)
        for n in stride(from: 0, to: generator.count, by: 7) {
            let file = generator.fileName(n)
            for depth in 0...3 {
                let stories = try library.thread(ofPath: file, depth: depth)
                #expect(Self.depths(stories) == walkLinks(from: file, depth: depth, links: truth), "\(file) at depth \(depth)")
                #expect(stories.count == Set(stories.map(\.article.path)).count, "each story once")
            }
        }
    }

    /// Against `related` and `backlinks` (the public answers), for every
    /// article, after the corpus changes under the link table: files added,
    /// removed and rewritten, the table brought up to date incrementally.
    @Test func threadsFollowRelatedAndBacklinksAsTheCorpusChanges() throws {
        let generator = CorpusGenerator(count: 160, seed: 8, outsidePercent: 15)
        let corpus = try TemporaryCorpus()
        // Written without the last 20 at first: their stories are quoted
        // but not there yet.
        try CorpusWriter.write(CorpusGenerator(count: 160, seed: 8, outsidePercent: 15), to: corpus.corpus)
        for n in 140..<160 { try corpus.remove(generator.fileName(n)) }
        let library = try corpus.library()
        func checkEverything(_ stage: String) throws {
            try library.index.update()
            let files = try library.list().map(\.path)
            let links = try Self.resolvedLinks(library, files: files)
            for file in files {
                let backlinks = Set(try library.backlinks(ofPath: file).map(\.path))
                let pointing = Set(links.filter { $0.value.contains(file) }.map(\.key))
                #expect(backlinks == pointing, "\(stage): backlinks of \(file)")
            }
            for file in files.enumerated().filter({ $0.offset % 5 == 0 }).map(\.element) {
                let stories = try library.thread(ofPath: file, depth: 2)
                #expect(Self.depths(stories) == walkLinks(from: file, depth: 2, links: links), "\(stage): thread of \(file)")
                for story in stories where story.depth > 0 {
                    let via = try #require(stories.first { $0.article.docno == story.via }, "\(stage): \(story.article.path) via a story in the thread")
                    #expect(via.depth == story.depth - 1)
                    let cited = links[via.article.path]?.contains(story.article.path) ?? false
                    let citing = links[story.article.path]?.contains(via.article.path) ?? false
                    #expect(story.direction == (cited && citing ? .both : cited ? .cited : .citing), "\(stage): direction of \(story.article.path)")
                    #expect(cited || citing)
                }
            }
            // The table brought up to date is the one a build from scratch makes.
            let table = try #require(try library.currentLinkTable())
            let characters = try library.index.characterIndex()
            let fresh = try library.index.database.writer.read { db in
                try LinkTable.build(characters: characters, text: library.index.text, db: db, instance: table.instance)
            }
            #expect(table == fresh, "\(stage): the link table equals a fresh build")
        }
        try checkEverything("first")
        for n in 140..<150 { try corpus.write(generator.fileName(n), generator.snapshot(n).text) }
        try checkEverything("ten quoted stories added")
        for n in [3, 17, 40, 41, 99] { try corpus.remove(generator.fileName(n)) }
        try checkEverything("five removed")
        // A story rewritten so that the items quoting it no longer fit, and
        // a copy of another (then two files of one story: links go to the first).
        let rewritten = generator.snapshot(60).text.replacingOccurrences(of: "。", with: "!")
        try corpus.write(generator.fileName(60), rewritten)
        try corpus.write("copy/" + generator.fileName(61), generator.snapshot(61).text)
        try checkEverything("one rewritten, one copied")
    }

    /// FILE alone at depth 0, its neighbours at 1 with the way each link runs.
    @Test func directionsAndDepthZero() throws {
        let corpus = try TemporaryCorpus()
        let middleText = "中间这篇报道的正文里有一段足够长的文字可以引用"
        let citedText = "被引用的那篇报道正文里也有一段足够长的文字"
        try corpus.write("middle.txt", snapshotText(title: "中间", time: "2024-02-02 10:00:00", body: [middleText + "。"], related: [
            (nil, "..." + citedText, "2024-01-01 09:00:00"),
            (nil, "...一篇不在这里的报道里的一段足够长的文字", "2023-12-01 09:00:00"),
        ]))
        try corpus.write("cited.txt", snapshotText(title: "被引用", time: "2024-01-01 09:00:00", body: [citedText + "。"], related: [
            (nil, "..." + middleText, "2024-02-02 10:00:00"),
        ]))
        try corpus.write("citing.txt", snapshotText(title: "引用中间", time: "2024-03-03 08:00:00", body: ["后来的这篇报道正文也足够长可以被引用。"], related: [
            (nil, "..." + middleText, "2024-02-02 10:00:00"),
        ]))
        try corpus.write("far.txt", snapshotText(title: "更远", time: "2024-04-04 08:00:00", body: ["再后来的报道。"], related: [
            ("引用中间", "...后来的这篇报道正文也足够长可以被引用", "2024-03-03 08:00:00"),
        ]))
        let library = try corpus.library()
        try library.index.update()
        let alone = try library.thread(ofPath: "middle.txt", depth: 0)
        #expect(alone.map(\.article.path) == ["middle.txt"] && alone.map(\.depth) == [0])
        let near = try library.thread(ofPath: "middle.txt", depth: 1)
        // Oldest first.
        #expect(near.map(\.article.path) == ["cited.txt", "middle.txt", "citing.txt"])
        #expect(near.map(\.direction) == [.both, nil, .citing])
        let all = try library.thread(ofPath: "middle.txt", depth: 5)
        #expect(all.map(\.article.path) == ["cited.txt", "middle.txt", "citing.txt", "far.txt"])
        #expect(all.map(\.depth) == [1, 0, 1, 2])
        #expect(all.last?.direction == .citing)
        #expect(throws: StoreError.self) { try library.thread(ofPath: "missing.txt") }
    }

    /// A damaged link table file is reported, rebuilt and never used.
    @Test(arguments: ["zeroed", "truncated", "flipped", "noise"])
    func aDamagedTableIsRebuilt(_ damage: String) throws {
        let generator = CorpusGenerator(count: 60, seed: 12)
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        let file = generator.fileName(5)
        let expected = try library.thread(ofPath: file, depth: 3)
        let path = LinkTableFile.path(forDatabase: library.index.database.path)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        switch damage {
        case "zeroed": bytes = Data(count: bytes.count)
        case "truncated": bytes = bytes.prefix(bytes.count / 2)
        case "flipped": bytes[bytes.count / 3] ^= 0x10
        default: bytes = Data((0..<bytes.count).map { _ in UInt8.random(in: 0...255) })
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        var problems: [String] = []
        #expect(try library.thread(ofPath: file, depth: 3, problem: { problems.append($0) }) == expected)
        #expect(problems.count == 1 && problems.first?.contains(path) == true, "\(problems)")
        // Rewritten whole: read again without a word.
        problems = []
        #expect(try library.thread(ofPath: file, depth: 3, problem: { problems.append($0) }) == expected)
        #expect(problems.isEmpty)
    }

    /// A table written against another database (the index rebuilt) is not used.
    @Test func aTableOfAnotherDatabaseIsNotUsed() throws {
        let generator = CorpusGenerator(count: 40, seed: 3)
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        let table = try #require(try library.currentLinkTable())
        var foreign = table
        foreign.instance &+= 1
        foreign.targets = foreign.targets.map { _ in -1 }
        foreign.invert()
        let path = LinkTableFile.path(forDatabase: library.index.database.path)
        try LinkTableFile.write(foreign, to: path)
        #expect(try library.currentLinkTable() == table)
    }
}
