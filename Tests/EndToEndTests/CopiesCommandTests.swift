import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing

/// `copies`, `diff`, `--distinct` and the `"copies"` field, through the binary.
@Suite struct CopiesCommandTests {
    /// A generated corpus with planted copies and their truth, in a folder of its own.
    final class PlantedCorpus {
        let root = NSTemporaryDirectory() + "snapread-copies-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        var truthFile: String { root + "/truth.json" }
        let base: CorpusGenerator
        let planter: CopyPlanter
        var environment: [String: String] { ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_WATCH": "0"] }

        init(count: Int, seed: UInt64, copies: Int, kinds: [PlantedKind]) throws {
            base = CorpusGenerator(count: count, seed: seed)
            planter = CopyPlanter(base: base, copies: copies, kinds: kinds)
            try CorpusWriter.write(base, to: corpus)
            try planter.write(to: corpus, truthFile: truthFile)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func copiesDiffAndDistinct() throws {
        let planted = try PlantedCorpus(count: 20, seed: 6, copies: 4, kinds: [.edit, .script])
        let (corpus, base, planter, environment) = (planted.corpus, planted.base, planted.planter, planted.environment)
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

    /// The bar through the binary, for every copy the generator's truth
    /// names, each kind snapgen plants: `diff` of an edit, in either script,
    /// names the title and the rewritten paragraph and nothing else, in text
    /// and in JSON, and inside the paragraph marks what the editor changed
    /// (the marks of the same edit in simplified, folded); a copy in the
    /// other script alone says so; a re-crawl has no difference; a repost
    /// names its source, its 本文转自 line and at most a dropped paragraph.
    @Test func everyPlantedCopySaysWhatChangedAndNothingElse() throws {
        #expect(PlantedKind.copyKinds == [.recrawl, .repost, .edit, .script, .scriptEdit], "a new kind of copy wants its case below")
        let workspace = try PlantedCorpus(count: 12, seed: 17, copies: 10, kinds: [.edit, .scriptEdit, .script, .recrawl, .repost])
        let (corpus, base, planter, environment) = (workspace.corpus, workspace.base, workspace.planter, workspace.environment)
        let truth = try JSONDecoder().decode([String: [PlantedFile]].self, from: Data(contentsOf: URL(fileURLWithPath: workspace.truthFile)))
        let planted = try #require(truth["files"]).filter { $0.kind != .original }
        #expect(planted.map(\.kind) == [.edit, .scriptEdit, .script, .recrawl, .repost, .edit, .scriptEdit, .script, .recrawl, .repost])
        for (k, copy) in planted.enumerated() {
            let original = base.fileName(copy.story)
            let text = try CommandRunner.run(["diff", corpus, original, copy.file], environment: environment)
            let json = try CommandRunner.run(["diff", corpus, original, copy.file, "--json"], environment: environment)
            #expect(text.status == 0 && json.status == 0, "\(text.stderr)\(json.stderr)")
            let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let blocks = try #require(object["blocks"] as? [[String: Any]])
            #expect(object["sameStory"] as? Bool == true)
            switch copy.kind {
            case .recrawl:
                #expect(lines.dropFirst(2).first == "no differences in title or text", "\(text.stdout)")
                #expect(object["title"] is NSNull && blocks.isEmpty && object["source"] is NSNull, "\(json.stdout)")
                continue
            case .repost:
                #expect(lines.first?.hasPrefix("source: ") == true, "\(text.stdout)")
                #expect(object["title"] is NSNull && object["source"] is [String: Any], "\(json.stdout)")
                let added = blocks.filter { $0["change"] as? String == "added" }
                let removed = blocks.filter { $0["change"] as? String == "removed" }
                #expect(added.count == 1 && (added.first?["to"] as? String)?.hasPrefix("本文转自:") == true, "\(json.stdout)")
                #expect(removed.count <= 1 && added.count + removed.count == blocks.count, "\(json.stdout)")
                continue
            default:
                break
            }
            if copy.kind == .script {
                #expect(lines.first?.hasPrefix("the same text in the other script · source: ") == true, "\(text.stdout)")
                #expect(object["scriptOnly"] as? Bool == true && object["title"] is [String: Any])
                continue
            }
            let block = try #require(copy.rewrittenBlock)
            let before = try SnapshotParser.parse(fileAt: corpus + "/" + original)
            let after = try SnapshotParser.parse(fileAt: corpus + "/" + copy.file)
            let (oldBlocks, newBlocks) = (before.body.filter { $0.kind != .image }, after.body.filter { $0.kind != .image })
            // Text: the kind of difference, then exactly two things named.
            #expect(copy.kind == .scriptEdit ? lines.first?.hasPrefix("edited, in the other script · source: ") == true : lines.first == "--- " + original,
                    "\(text.stdout)")
            let named = lines.filter { $0.hasSuffix(":") && !$0.hasPrefix(" ") }
            #expect(named == ["title changed:", "paragraph \(block + 1) changed (now \(block + 1)):"], "\(copy.file):\n\(text.stdout)")
            // JSON: the same two, in each side's own characters.
            #expect(object["scriptOnly"] as? Bool == false)
            let title = try #require(object["title"] as? [String: Any])
            #expect(title["from"] as? String == before.title && title["to"] as? String == after.title)
            #expect(blocks.count == 1)
            #expect(blocks.first?["change"] as? String == "changed")
            #expect(blocks.first?["from"] as? String == oldBlocks[block].text)
            #expect(blocks.first?["to"] as? String == newBlocks[block].text)
            // The marks: those of the same edit in simplified, folded.
            let simplified = try SnapshotParser.parse(bytes: Array(planter.planted(k, converter: nil).0.text.utf8), file: "simplified")
            let expected = ArticleDiff(from: before, to: simplified).blocks.first?.pieces.map { piece in
                switch piece {
                case .same(let text): text
                case .deleted(let text): "[-" + text + "-]"
                case .inserted(let text): "{+" + text + "+}"
                }
            }.joined()
            let markedLine = lines.firstIndex(of: named.last ?? "").map { lines[$0 + 1] }
            #expect(markedLine.map { ScriptFold.fold($0) } == expected.map { "  " + $0 }, "\(copy.file):\n\(text.stdout)")
        }
    }
}
