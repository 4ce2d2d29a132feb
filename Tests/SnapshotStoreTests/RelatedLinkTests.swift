import CorpusGenerator
import Foundation
import Testing
@testable import SnapshotStore

@Suite struct RelatedLinkTests {
    /// Against the generator's truth: no wrong link, at least 99% of the
    /// links whose target is in the corpus found.
    @Test func resolutionMatchesTheGeneratorsTruth() throws {
        let generator = CorpusGenerator(count: 250, seed: 17, outsidePercent: 25)
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        var inside = 0
        var found = 0
        var wrong: [String] = []
        for n in 0..<generator.count {
            let snapshot = generator.snapshot(n)
            let resolved = try library.related(ofPath: snapshot.fileName)
            #expect(resolved.count == snapshot.relatedTargets.count)
            for (item, truth) in zip(resolved, snapshot.relatedTargets) {
                if truth != nil { inside += 1 }
                if let target = item.target?.path {
                    if target == truth { found += 1 } else { wrong.append("\(snapshot.fileName) -> \(target), truth \(truth ?? "outside")") }
                }
            }
        }
        #expect(wrong.isEmpty, "wrong links: \(wrong.prefix(5))")
        #expect(inside > 500)
        #expect(Double(found) >= Double(inside) * 0.99, "found \(found) of \(inside)")
    }

    @Test func backlinksAreTheInverseOfRelated() throws {
        let generator = CorpusGenerator(count: 80, seed: 4, outsidePercent: 10)
        let corpus = try TemporaryCorpus()
        try CorpusWriter.write(generator, to: corpus.corpus)
        let library = try corpus.library()
        try library.index.update()
        var pointing: [String: Set<String>] = [:]
        for n in 0..<generator.count {
            let snapshot = generator.snapshot(n)
            for target in snapshot.relatedTargets.compactMap({ $0 }) { pointing[target, default: []].insert(snapshot.fileName) }
        }
        for n in 0..<generator.count {
            let path = generator.fileName(n)
            #expect(Set(try library.backlinks(ofPath: path).map(\.path)) == pointing[path] ?? [], "backlinks of \(path)")
        }
    }

    @Test func neverGuessesBetweenTwoStoriesThatBothFit() throws {
        let corpus = try TemporaryCorpus()
        let shared = "两篇报道里都有的这一段完全相同的文字内容"
        try corpus.write("one.txt", snapshotText(title: "第一篇", time: "2023-05-05 10:00:00", body: [shared + "第一篇其余。"]))
        try corpus.write("two.txt", snapshotText(title: "第二篇", time: "2023-05-05 10:00:00", body: [shared + "第二篇其余的独特内容在这里。"]))
        try corpus.write("copy-of-one.txt", snapshotText(title: "第一篇", time: "2023-05-05 10:00:00", body: [shared + "第一篇其余。"]))
        try corpus.write("source.txt", snapshotText(title: "来源", body: ["正文。"], related: [
            (nil, "..." + shared, "2023-05-05 10:00:00"),
            ("第一篇", "..." + shared, "2023-05-05 10:00:00"),
            (nil, "...第二篇其余的独特内容在这里", "2023-05-05 10:00:00"),
            (nil, "...第二篇其余的独特内容在这里", "2023-05-06 10:00:00"),
            (nil, "...短", "2023-05-05 10:00:00"),
        ]))
        let library = try corpus.library()
        try library.index.update()
        let targets = try library.related(ofPath: "source.txt").map { $0.target?.path }
        // Ambiguous between two stories: none. With the title: the first story
        // (its two copies are one article). Wrong date or too short: none.
        #expect(targets == [nil, "copy-of-one.txt", "two.txt", nil, nil])
    }
}
