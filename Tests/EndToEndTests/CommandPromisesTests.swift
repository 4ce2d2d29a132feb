import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing

/// What the command line said and did where it should have said or done
/// otherwise, through the binary: `diff` of a file outside the corpus, the
/// kind of difference a diff is, and the messages of `bookmark`, `search`,
/// `list --category` and `related`.
@Suite struct CommandPromisesTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-promises-cli-" + UUID().uuidString
        var corpus: String { root + "/corpus" }
        let base = CorpusGenerator(count: 8, seed: 23)
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
             "HOME": root, "SNAPREAD_WATCH": "0"]
        }

        /// The base stories, then one copy of each kind, of stories 0 to 3 in turn.
        init() throws {
            try CorpusWriter.write(base, to: corpus)
            try planter.write(to: corpus, truthFile: nil)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var planter: CopyPlanter { CopyPlanter(base: base, copies: 4, kinds: [.recrawl, .repost, .edit, .script]) }

        /// The file of the planted copy of `kind`, and its original's.
        func pair(_ kind: PlantedKind) throws -> (original: String, copy: String) {
            let converter = try ScriptConverter(to: .traditional)
            for k in 0..<planter.copies {
                let (copy, truth) = planter.planted(k, converter: converter)
                if truth.kind == kind { return (base.fileName(truth.story), copy.fileName) }
            }
            throw CocoaError(.fileNoSuchFile)
        }

        func run(_ arguments: [String]) throws -> CommandResult {
            try CommandRunner.run(arguments, environment: environment)
        }
    }

    @Test func diffCopiesAndThreadRefuseAFileOutsideTheCorpusAlike() throws {
        let workspace = try Workspace()
        let outside = workspace.root + "/outside.txt"
        let inside = workspace.base.fileName(0)
        try FileManager.default.copyItem(atPath: workspace.corpus + "/" + inside, toPath: outside)
        for arguments in [["diff", workspace.corpus, inside, outside], ["diff", workspace.corpus, outside, inside],
                          ["copies", workspace.corpus, outside], ["thread", workspace.corpus, outside]] {
            let result = try workspace.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(result.stderr == "snapread: \(outside): not in the index of this corpus\n", "\(arguments): \(result.stderr)")
        }
    }

    @Test func theDiffSaysWhatKindOfDifferenceItIsFirst() throws {
        let workspace = try Workspace()
        func diff(_ a: String, _ b: String) throws -> (text: String, json: [String: Any]) {
            let text = try workspace.run(["diff", workspace.corpus, a, b])
            #expect(text.status == 0, "\(text.stderr)")
            let json = try workspace.run(["diff", workspace.corpus, a, b, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            return (text.stdout, object)
        }
        func firstLine(_ text: String) -> String { String(text.split(separator: "\n", omittingEmptySubsequences: false)[0]) }
        func source(_ file: String) throws -> String {
            try #require(try SnapshotParser.parse(fileAt: workspace.corpus + "/" + file).source)
        }

        let script = try workspace.pair(.script)
        let scripted = try diff(script.original, script.copy)
        #expect(firstLine(scripted.text).hasPrefix("the same text in the other script"), "\(scripted.text)")
        #expect(!scripted.text.contains("[-") && !scripted.text.contains("{+"), "no character marked:\n\(scripted.text)")
        #expect(scripted.json["scriptOnly"] as? Bool == true)
        #expect(scripted.json["sameStory"] as? Bool == true)
        #expect((scripted.json["blocks"] as? [Any])?.isEmpty == false, "the JSON still lists what differs")

        let repost = try workspace.pair(.repost)
        let reposted = try diff(repost.original, repost.copy)
        let (from, to) = (try source(repost.original), try source(repost.copy))
        #expect(firstLine(reposted.text) == "source: \(from) → \(to)", "\(reposted.text)")
        #expect((reposted.json["source"] as? [String: Any])?["to"] as? String == to)
        #expect(reposted.json["scriptOnly"] as? Bool == false)

        let edit = try workspace.pair(.edit)
        let edited = try diff(edit.original, edit.copy)
        #expect(firstLine(edited.text).hasPrefix("--- "), "an edit by its own source needs no line:\n\(edited.text)")
        #expect(edited.text.contains("{+"))
        #expect(edited.json["source"] is NSNull)

        // Two stories the grouping keeps apart: said so, titles whole rather than marked by character.
        let (a, b) = (workspace.base.fileName(5), workspace.base.fileName(6))
        let stories = try diff(a, b)
        #expect(firstLine(stories.text) == "not copies of one story", "\(stories.text)")
        let titleA = try SnapshotParser.parse(fileAt: workspace.corpus + "/" + a).title
        #expect(stories.text.contains("[-" + titleA + "-]"), "\(stories.text)")
        #expect(stories.json["sameStory"] as? Bool == false)
        // The shape of CONTRACT.md is still there.
        #expect(stories.json["title"] is [String: Any] && stories.json["blocks"] is [Any])
    }

    @Test func bookmarkMessagesSayWhatHappened() throws {
        let workspace = try Workspace()
        let file = workspace.base.fileName(1)
        let title = try SnapshotParser.parse(fileAt: workspace.corpus + "/" + file).title
        let first = try workspace.run(["bookmark", "add", workspace.corpus, file])
        #expect(first.stdout == "bookmarked: \(title)\n")
        let again = try workspace.run(["bookmark", "add", workspace.corpus, file])
        #expect(again.status == 0)
        #expect(again.stdout == "already bookmarked: \(title)\n")
        let missing = try workspace.run(["bookmark", "remove", workspace.corpus, "no-such-file.txt"])
        #expect(missing.status == 1)
        let root = URL(fileURLWithPath: workspace.corpus).resolvingSymlinksInPath().path
        #expect(missing.stderr == "snapread: no-such-file.txt: no such file in \(root)\n", "\(missing.stderr)")
        let unbookmarked = try workspace.run(["bookmark", "remove", workspace.corpus, workspace.base.fileName(2)])
        #expect(unbookmarked.stderr == "snapread: \(workspace.base.fileName(2)): not bookmarked\n")
        let removed = try workspace.run(["bookmark", "remove", workspace.corpus, file])
        #expect(removed.status == 0)
    }

    @Test(arguments: ["", "   "])
    func anEmptySearchIsAUsageError(query: String) throws {
        let workspace = try Workspace()
        let result = try workspace.run(["search", workspace.corpus, query])
        #expect(result.status == 64, "the status ArgumentParser gives every usage error")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("snapread: search: the query is empty"), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
    }

    @Test func anUnknownCategoryIsNamedWithTheClosestOnes() throws {
        let workspace = try Workspace()
        let categories = try workspace.run(["categories", workspace.corpus, "--json"])
        let known = try #require(try JSONSerialization.jsonObject(with: Data(categories.stdout.utf8)) as? [[String: Any]])
        let largest = try #require(known.first?["name"] as? String)
        // One character off the largest category: it comes first.
        let typo = String(largest.dropLast()) + "乙"
        for command in ["list", "timeline"] {
            let result = try workspace.run([command, workspace.corpus, "--category", typo] + (command == "list" ? [] : ["--json"]))
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(command): \(result.stderr)")
            #expect(lines.first?.hasPrefix("snapread: no article has the category “\(typo)”; the closest: \(largest) (") == true, "\(result.stderr)")
            if command == "list" { #expect(result.stdout.isEmpty) }
        }
        let searched = try workspace.run(["search", workspace.corpus, "的", "--category", typo])
        #expect(searched.stderr.contains("no article has the category “\(typo)”"))
        // A category that exists says nothing.
        let fine = try workspace.run(["list", workspace.corpus, "--category", largest])
        #expect(fine.stderr.isEmpty && !fine.stdout.isEmpty, "\(fine.stderr)")
    }

    /// `related` puts the title before the path as `list` and `thread` do,
    /// and an item not in the corpus shows its own title, else its excerpt.
    @Test func relatedLinesReadLikeListLines() throws {
        let root = NSTemporaryDirectory() + "snapread-related-lines-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let target = Self.snapshot(title: "乡村书店开进老粮仓", body: "老粮仓变成了书店,孩子们周末都来看书。", related: [])
        try Data(target.utf8).write(to: URL(fileURLWithPath: corpus + "/target.txt"))
        let source = Self.snapshot(title: "村里的图书角", body: "图书角的书越来越多了。", related: [
            (nil, "...老粮仓变成了书店,孩子们周末都来看书。", "2024-06-01 08:00:00"),
            ("剪纸课开进书店", "...老艺人一把剪刀剪出十二生肖。", "2024-01-20 09:00:00"),
            (nil, "...一条不在这里的新闻的摘录。", "2024-02-01 08:00:00"),
        ])
        try Data(source.utf8).write(to: URL(fileURLWithPath: corpus + "/source.txt"))
        let environment = ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "HOME": root, "SNAPREAD_WATCH": "0"]
        let result = try CommandRunner.run(["related", corpus, "source.txt"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(result.stdout)")
        #expect(lines.first?.hasSuffix("→ 乡村书店开进老粮仓  target.txt") == true, "\(result.stdout)")
        #expect(lines.contains { $0.hasSuffix("✗ 剪纸课开进书店  (not in this corpus)") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasSuffix("✗ ...一条不在这里的新闻的摘录。  (not in this corpus)") }, "\(result.stdout)")
        // The item's text below, except where the line above already is it.
        #expect(lines.filter { $0.contains("一条不在这里的新闻的摘录") }.count == 1, "\(result.stdout)")
        #expect(lines.contains("    《剪纸课开进书店》...老艺人一把剪刀剪出十二生肖。"), "\(result.stdout)")
    }

    /// A small snapshot with related items (title or nil, excerpt, date).
    static func snapshot(title: String, body: String, related: [(String?, String, String)]) -> String {
        var lines = ["• 我的订阅", "  • 文化", "", title, "", "类别:文化\u{00A0}发布时间:2024-06-01 08:00:00\u{00A0}来源:测试报", "", body, ""]
        lines += ["以上内容为资讯信息快照,由t.example爬虫进行采集并收录。", "", "快照生成时间:2024-06-01 09:00:00", "", "信息原文地址:", ""]
        for (relatedTitle, excerpt, date) in related {
            if let relatedTitle { lines.append(relatedTitle) }
            lines += [excerpt, date]
        }
        lines.append("更多关于文化的资讯:")
        return lines.joined(separator: "\n")
    }
}
