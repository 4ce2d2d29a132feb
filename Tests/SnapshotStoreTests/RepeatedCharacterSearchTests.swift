import Foundation
import Testing
@testable import SnapshotStore

/// A term made of one character written more than once (`pp`, `区区`) holds a
/// single distinct character, but it is not a one-character term: the
/// character index only says which articles hold the character, and the text
/// must be checked for the whole term.
@Suite struct RepeatedCharacterSearchTests {
    static func corpus() throws -> TemporaryCorpus {
        let corpus = try TemporaryCorpus()
        try corpus.write("single.txt", snapshotText(title: "只有一个字母的文章", body: ["help 在社区里。"]))
        try corpus.write("double.txt", snapshotText(title: "两个字母的文章", body: ["happy 区区小事。"]))
        try corpus.write("upper.txt", snapshotText(title: "大写的文章", body: ["HAPPY 区 区 不相连。"]))
        return corpus
    }

    @Test(arguments: [("pp", ["double.txt", "upper.txt"]), ("PP", ["double.txt", "upper.txt"]),
                      ("区区", ["double.txt"]), ("ppp", []), ("p", ["double.txt", "single.txt", "upper.txt"]),
                      ("区", ["double.txt", "single.txt", "upper.txt"])])
    func aRepeatedCharacterIsLookedForInTheText(query: String, expected: [String]) throws {
        let corpus = try Self.corpus()
        let library = try corpus.library()
        try library.index.update()
        #expect(try library.search(query).map(\.article.path).sorted() == expected, "query \(query)")
        #expect(try library.search(query, limit: 5).map(\.article.path).sorted() == expected, "query \(query), limit 5")
        #expect(try library.searchHandles(query).count == expected.count, "query \(query), handles")
    }
}
