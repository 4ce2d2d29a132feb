import Foundation
import Testing

/// `snapread show`, run as a user runs it.
@Suite struct ShowCommandTests {
    @Test func jsonOfTheRealSampleMatchesTheContract() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let result = try CommandRunner.run(["show", "000_088c11af44b8187a.txt", "--json"],
                                           directory: CommandRunner.packageRoot + "/../shared/samples")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        try CommandRunner.expectGolden(result.stdout, named: "sample.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let keys = ["file", "id", "title", "category", "publishedAt", "source", "byline", "editorNote", "body",
                    "snapshot", "related", "moreCategory", "warnings"]
        #expect(Set(object.keys) == Set(keys))
        #expect(object["file"] as? String == "000_088c11af44b8187a.txt")
        #expect(object["publishedAt"] as? String == "2024-03-25T11:52:00+08:00")
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        #expect(snapshot["originalURL"] is NSNull, "absent values are null, never missing")
        let related = try #require(object["related"] as? [[String: Any]])
        #expect(related.count == 9)
        #expect(Set(related[0].keys) == ["title", "excerpt", "publishedAt"])
    }

    @Test func textRenderingWrapsAtTheGivenWidth() throws {
        guard CommandRunner.sampleIsPresent() else { return }
        let result = try CommandRunner.run(["show", CommandRunner.sample, "--width", "60"])
        #expect(result.status == 0)
        try CommandRunner.expectGolden(result.stdout, named: "sample-60.txt")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "聚焦“实敢当”工作亮点多|凝聚基层治理合力,助力创建文明城市")
        #expect(lines[1] + lines[2] == "国内 · 2024-03-25 11:52 · 大众报业·齐鲁壹点 · 记者 田佳玉 通讯员 贾依琳")
        #expect(lines.contains("2023-03-15 02:36   《成都高新区桂溪街道:党建引领聚合力 用文"))
    }

    @Test(arguments: [
        ("notes.md", "not a snapshot: no metadata line"),
        ("plain-chinese.txt", "not a snapshot"),
        ("does-not-exist.txt", "cannot be read: No such file or directory"),
    ])
    func badFilesGiveOneLineNamingTheFile(name: String, reason: String) throws {
        let result = try CommandRunner.run(["show", name], directory: CommandRunner.fixtures)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("snapread: \(name): \(reason)"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func gb18030FileIsShownWithItsWarning() throws {
        let result = try CommandRunner.run(["show", "full-width-colons.gb18030.txt", "--json"], directory: CommandRunner.fixtures)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"title\": \"海岛小学用上“云课堂”,渔家孩子听到名师讲课\""))
        #expect(result.stdout.contains("\"warnings\": [\n    \"decoded as GB18030\"\n  ]"))
    }
}

/// The shipped completion scripts are what the binary generates, so they stay true.
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func committedScriptMatchesTheBinary(shell: String) throws {
        let result = try CommandRunner.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        let path = CommandRunner.packageRoot + "/docs/completions/snapread." + shell
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.stdout == committed, "regenerate: snapread --generate-completion-script \(shell) > docs/completions/snapread.\(shell)")
        #expect(committed.contains("bookmarks"))
    }

    /// Started through $PATH and a link, as an installed tool is, it still
    /// finds the shipped themes beside its real place.
    @Test func startedThroughPathAndALinkItFindsTheShippedThemes() throws {
        let folder = NSTemporaryDirectory() + "snapread-path-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/bin/snapread", withDestinationPath: CommandRunner.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["snapread", "config"]
        process.environment = ["PATH": folder + "/bin:/usr/bin:/bin", "SNAPREAD_CONFIG_DIR": folder + "/config", "HOME": folder]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed.contains("# themes: dark, light, high-contrast, monochrome"), "\(printed)")
    }

    @Test func rootHelpHasExamples() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.stdout.contains("snapread search ~/news 合力"))
        for command in ["show", "index", "list", "search", "related", "backlinks", "categories", "bookmarks"] {
            let help = try CommandRunner.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("snapread \(command == "bookmarks" ? "bookmarks" : command)"), "\(command) --help has an example")
        }
    }
}

/// `list --json` and `search --json` keep exactly the shape of CONTRACT.md.
@Suite struct ListingJSONTests {
    static let keys: Set<String> = ["file", "id", "title", "category", "publishedAt", "source", "bookmarked", "read", "copies"]

    func run(_ arguments: [String]) throws -> [[String: Any]] {
        let root = NSTemporaryDirectory() + "snapread-json-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try CommandRunner.run(arguments, environment: ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data"])
        #expect(result.status == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// A search's text lines are the list's lines for the same articles (one
    /// is written from the index files as bytes, the other from rows), at
    /// several widths, Chinese titles cut by display width included.
    @Test func searchTextLinesAreListLines() throws {
        let root = NSTemporaryDirectory() + "snapread-text-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = CommandRunner.packageRoot + "/Demo/corpus"
        for columns in ["40", "80", "200"] {
            let environment = ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "COLUMNS": columns]
            let listed = try CommandRunner.run(["list", corpus], environment: environment).stdout.split(separator: "\n")
            let found = try CommandRunner.run(["search", corpus, "社区"], environment: environment).stdout.split(separator: "\n")
            #expect(found.count >= 4 && found.count % 2 == 0)
            for (position, line) in found.enumerated() where position % 2 == 0 {
                #expect(listed.contains(line), "\(line) at \(columns) columns")
                #expect(found[position + 1].hasPrefix("    "))
            }
        }
    }

    @Test func listItemsHaveEveryKeyWithTheRightTypes() throws {
        let items = try run(["list", CommandRunner.packageRoot + "/Demo/corpus", "--json"])
        #expect(items.count == 41)
        for item in items {
            #expect(Set(item.keys) == Self.keys)
            #expect(item["file"] is String && item["id"] is String && item["title"] is String)
            #expect(item["bookmarked"] as? Bool == false)
            #expect(item["read"] as? Bool == false)
            #expect(item["copies"] as? Int == 0)
            let published = try #require(item["publishedAt"] as? String)
            #expect(published.count == 25 && published.hasSuffix("+08:00"))
        }
        let first = try #require(items.first)
        #expect(first["title"] as? String == "职业学校毕业生就业率九成八,无人机专业最抢手")
        #expect(first["publishedAt"] as? String == "2024-07-05T10:30:00+08:00")
        #expect(first["category"] as? String == "教育")
    }

    /// Quotes, backslashes, control characters and U+2028 in titles and
    /// snippets come out as JSON that reads back as the same text, wherever
    /// they fall in a long run of plain bytes.
    @Test func escapedTextReadsBackTheSame() throws {
        let root = NSTemporaryDirectory() + "snapread-escape-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let specials = ["\"", "\\", "\t", "\u{7F}", "\u{2028}", "\u{2029}", "“", "…"]
        var expected: [String: (title: String, paragraph: String)] = [:]
        for (number, special) in specials.enumerated() {
            for offset in [0, 5, 31, 32, 33] where !(special == "\u{7F}" && offset == 0) {
                // (Two DELs among a short file's first bytes make it binary data.)
                let pad = String(repeating: "a", count: offset)
                let title = "标题\(number)-\(offset) " + pad + special + "尾"
                let paragraph = "段" + special + "转义" + special + pad + "。"
                let name = "s\(number)-\(offset).txt"
                let text = """
                    • 我的订阅
                      • 国内

                    \(title)

                    类别:国内\u{00A0}发布时间:2024-01-02 03:04:05\u{00A0}来源:测试报

                    \(paragraph)

                    以上内容为资讯信息快照,由t.example爬虫进行采集并收录。

                    快照生成时间:2024-06-01 00:00:00

                    信息原文地址:

                    更多关于国内的资讯:
                    """
                try Data(text.utf8).write(to: URL(fileURLWithPath: corpus + "/" + name))
                expected[name] = (title, paragraph)
            }
        }
        let listed = try run(["list", corpus, "--json"])
        #expect(Set(expected.keys).subtracting(listed.compactMap { $0["file"] as? String }).isEmpty)
        for item in listed {
            let file = try #require(item["file"] as? String)
            #expect(item["title"] as? String == expected[file]?.title, "title of \(file)")
        }
        let found = try run(["search", corpus, "转义", "--json"])
        #expect(found.count == expected.count)
        for item in found {
            let file = try #require(item["file"] as? String)
            #expect(item["snippet"] as? String == expected[file]?.paragraph, "snippet of \(file)")
        }
    }

    /// Into a pipe, with no COLUMNS, list and search lines are whole: each
    /// ends with its file's full path.
    @Test func linesIntoAPipeAreNotCut() throws {
        let root = NSTemporaryDirectory() + "snapread-pipe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = CommandRunner.packageRoot + "/Demo/corpus"
        let environment = ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "COLUMNS": ""]
        let files = try run(["list", corpus, "--json"]).compactMap { $0["file"] as? String }
        let lines = try CommandRunner.run(["list", corpus], environment: environment).stdout.split(separator: "\n")
        #expect(lines.count == files.count && files.count == 41)
        for (line, file) in zip(lines, files) { #expect(line.hasSuffix("  " + file), "\(line)") }
        let found = try CommandRunner.run(["search", corpus, "渔船"], environment: environment).stdout.split(separator: "\n")
        #expect(found.count == 8)
        #expect(found.enumerated().allSatisfy { $0.offset % 2 == 1 || $0.element.hasSuffix(".txt") })
    }

    @Test func aNegativeLimitIsRefused() throws {
        for command in ["list", "search"] {
            let arguments = [command, CommandRunner.packageRoot + "/Demo/corpus"] + (command == "search" ? ["渔船"] : []) + ["--limit=-2"]
            let result = try CommandRunner.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains("--limit must be 0 or more"), "\(command): \(result.stderr)")
        }
    }

    @Test func searchItemsAddASnippet() throws {
        let items = try run(["search", CommandRunner.packageRoot + "/Demo/corpus", "渔船", "--json"])
        #expect(items.count == 4)
        for item in items {
            #expect(Set(item.keys) == Self.keys.union(["snippet"]))
            #expect((item["snippet"] as? String)?.contains("渔船") == true || (item["title"] as? String)?.contains("渔船") == true)
        }
        #expect(try run(["search", CommandRunner.packageRoot + "/Demo/corpus", "不存在的词", "--json"]).isEmpty)
        // Search rows are printed from the index files, list rows from SQL: the same fields.
        let listed = Dictionary(uniqueKeysWithValues: try run(["list", CommandRunner.packageRoot + "/Demo/corpus", "--json"])
            .map { ($0["file"] as? String ?? "", $0) })
        for item in try run(["search", CommandRunner.packageRoot + "/Demo/corpus", "社区", "--json"]) {
            let row = try #require(listed[item["file"] as? String ?? ""])
            for key in Self.keys {
                #expect(String(describing: item[key] ?? "absent") == String(describing: row[key] ?? "absent"), "\(key) of \(item["file"] ?? "")")
            }
        }
    }
}
