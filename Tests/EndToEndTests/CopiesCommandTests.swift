import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing

/// `copies`, `diff`, `--distinct` and the `"copies"` field, through the binary.
@Suite struct CopiesCommandTests {
    @Test func copiesDiffAndDistinct() throws {
        let root = NSTemporaryDirectory() + "snapread-copies-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        let base = CorpusGenerator(count: 20, seed: 6)
        try CorpusWriter.write(base, to: corpus)
        let planter = CopyPlanter(base: base, copies: 4, kinds: [.edit, .script])
        try planter.write(to: corpus, truthFile: root + "/truth.json")
        let environment = ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_WATCH": "0"]
        let edit = planter.planted(0, converter: nil).0.fileName
        let original = base.fileName(0)

        let copies = try CommandRunner.run(["copies", corpus, original, "--json"], environment: environment)
        #expect(copies.status == 0)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(copies.stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["file"] as? String } == [edit])
        #expect(Set(listed.first?.keys.map { $0 } ?? []) == ["file", "id", "title", "source", "publishedAt", "capturedAt"])

        let diff = try CommandRunner.run(["diff", corpus, original, edit, "--json"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        #expect((object["title"] as? [String: Any])?["to"] as? String == planter.planted(0, converter: nil).0.title)
        #expect((object["blocks"] as? [[String: Any]])?.map { $0["change"] as? String } == ["changed"])
        let text = try CommandRunner.run(["diff", corpus, original, edit], environment: environment)
        #expect(text.stdout.contains("{+") && text.stdout.contains("title changed:"))

        let all = try CommandRunner.run(["list", corpus, "--json"], environment: environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 24)
        #expect(rows.filter { ($0["copies"] as? Int) == 1 }.count == 8)
        let distinct = try CommandRunner.run(["list", corpus, "--json", "--distinct"], environment: environment)
        #expect((try JSONSerialization.jsonObject(with: Data(distinct.stdout.utf8)) as? [[String: Any]])?.count == 20)

        let shown = try CommandRunner.run(["show", corpus + "/" + original, "--script", "traditional", "--json"], environment: environment)
        let article = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let converted = try ScriptConverter(to: .traditional).convert(try SnapshotParser.parse(fileAt: corpus + "/" + original))
        #expect(article["title"] as? String == converted.title)
    }
}
