import Foundation
import Testing

/// What a new user hit on the command line: `--depth -1` said "Missing
/// value", and a search in the other Chinese script must still show the hit
/// in its snippet, written as the article writes it.
@Suite(.serialized) struct NewUserFixesEndToEndTests {
    static let demo = CommandRunner.packageRoot + "/Demo/corpus"

    final class Folders {
        let root = NSTemporaryDirectory() + "snapread-newuser-" + UUID().uuidString
        init() throws { try FileManager.default.createDirectory(atPath: root + "/corpus", withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        var corpus: String { root + "/corpus" }
        var environment: [String: String] {
            ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "XDG_CONFIG_HOME": root + "/config",
             "SNAPREAD_WATCH": "0", "HOME": root]
        }

        /// Writes a snapshot with one body paragraph.
        func write(_ name: String, title: String, paragraph: String) throws {
            let text = ["• 我的订阅", "  • 文化", "", title, "", "类别:文化\u{00A0}发布时间:2024-05-02 19:45:00\u{00A0}来源:明報新聞網", "",
                        paragraph, "", "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站不对内容的真实性负责。",
                        "快照生成时间:2024-05-03 10:00:00", "本站信息快照查询为非营利公共服务,如有侵权请联系删除。", "信息原文地址:",
                        "更多关于文化的资讯:"].joined(separator: "\n")
            try text.write(toFile: corpus + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test func aNegativeDepthSaysTheValidRange() throws {
        let folders = try Folders()
        let file = "体育/014_f7e046104dfc7f38.txt"
        for arguments in [["--depth", "-1"], ["--depth=-1"]] {
            let result = try CommandRunner.run(["thread", Self.demo, file] + arguments, environment: folders.environment)
            #expect(result.status != 0)
            #expect(result.stderr.contains("--depth must be 0 or more, not -1."), "\(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
        }
        let none = try CommandRunner.run(["thread", Self.demo, file, "--depth", "0"], environment: folders.environment)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout.split(separator: "\n").count == 1, "FILE alone: \(none.stdout)")
    }

    @Test func aSnippetHoldsTheHitWhicheverScriptTheQueryIsIn() throws {
        let folders = try Folders()
        try folders.write("001_00000000000000a1.txt", title: "老粮仓变身乡村书店", paragraph: "废弃多年的老粮仓改成了一家乡村书店,周末常有孩子来读绘本。")
        try folders.write("002_00000000000000b2.txt", title: "舊糧倉變身鄉村書店", paragraph: "廢棄多年的舊糧倉改成了一家鄉村書店,週末常有孩子來讀繪本。")
        for query in ["书店", "書店"] {
            let result = try CommandRunner.run(["search", folders.corpus, query, "--json"], environment: folders.environment)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let snippets = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
                (row["file"] as? String).map { ($0, row["snippet"] as? String ?? "") }
            })
            #expect(snippets.count == 2, "\(query): \(result.stdout)")
            #expect(snippets["001_00000000000000a1.txt"]?.contains("乡村书店") == true, "\(query): \(snippets)")
            #expect(snippets["002_00000000000000b2.txt"]?.contains("鄉村書店") == true, "\(query): \(snippets)")
        }
    }
}
