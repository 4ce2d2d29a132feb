import CorpusGenerator
import Foundation
import Testing

/// `timeline` and `thread` through the real binary, on a generated corpus
/// whose dates and links the generator knows.
@Suite struct TimelineThreadEndToEndTests {
    final class Workspace {
        let root = NSTemporaryDirectory() + "snapread-timeline-" + UUID().uuidString
        let generator: CorpusGenerator
        var corpus: String { root + "/corpus" }

        init(count: Int = 160, seed: UInt64 = 41) throws {
            generator = CorpusGenerator(count: count, seed: seed, outsidePercent: 25, filesPerFolder: 50)
            try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
            try CorpusWriter.write(generator, to: corpus)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func run(_ arguments: [String], columns: String? = nil) throws -> CommandResult {
            var environment = ["XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data", "SNAPREAD_CONFIG_DIR": root + "/config"]
            environment["COLUMNS"] = columns ?? ""
            return try CommandRunner.run(arguments, environment: environment)
        }

        func json(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }
    }

    static let beijing: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// ISO weeks by Foundation: the expected `--by week` answer.
    static func weeks(_ times: [Int64]) -> [(String, Int)] {
        func label(_ date: Date) -> String {
            let parts = beijing.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
        }
        guard let first = times.min(), let last = times.max() else { return [] }
        var counts: [String: Int] = [:]
        for time in times { counts[label(Date(timeIntervalSince1970: TimeInterval(time))), default: 0] += 1 }
        var labels: [String] = []
        var time = first
        while time <= last {
            let week = label(Date(timeIntervalSince1970: TimeInterval(time)))
            if labels.last != week { labels.append(week) }
            time += 86_400
        }
        let lastWeek = label(Date(timeIntervalSince1970: TimeInterval(last)))
        if labels.last != lastWeek { labels.append(lastWeek) }
        return labels.map { ($0, counts[$0] ?? 0) }
    }

    @Test func timelineJSONCountsEveryWeek() throws {
        let workspace = try Workspace()
        let items = try workspace.json(["timeline", workspace.corpus, "--by", "week", "--json"])
        #expect(items.allSatisfy { Set($0.keys) == ["period", "count"] })
        let expected = Self.weeks((0..<workspace.generator.count).map { workspace.generator.snapshot($0).publishedAt.epochSeconds })
        #expect(items.map { $0["period"] as? String ?? "?" } == expected.map(\.0))
        #expect(items.map { $0["count"] as? Int ?? -1 } == expected.map(\.1))
        // Days: one a calendar day from the first to the last, the counts adding up.
        let days = try workspace.json(["timeline", workspace.corpus, "--by", "day", "--json"])
        #expect(days.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == workspace.generator.count)
        let labels = days.compactMap { $0["period"] as? String }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = Self.beijing.timeZone
        let dates = labels.compactMap { formatter.date(from: $0) }
        #expect(dates.count == labels.count)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { abs($1.timeIntervalSince($0) - 86_400) < 1 }, "consecutive days")
    }

    /// A search's timeline is the search's results counted by month.
    @Test func timelineOfASearchWithFilters() throws {
        let workspace = try Workspace()
        for arguments in [["社区"], ["社区", "--category", "国内", "--category", "财经"], ["智慧 居民", "--since", "2023-06-01", "--until", "2024-03-31"]] {
            let found = try workspace.json(["search", workspace.corpus] + arguments + ["--json"])
            var counts: [String: Int] = [:]
            for item in found { counts[String((item["publishedAt"] as? String ?? "????-??").prefix(7)), default: 0] += 1 }
            let timeline = try workspace.json(["timeline", workspace.corpus] + arguments + ["--json"])
            #expect(!found.isEmpty)
            #expect(timeline.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == found.count, "\(arguments)")
            for item in timeline {
                let period = item["period"] as? String ?? "?"
                #expect(item["count"] as? Int == counts[period] ?? 0, "\(arguments): \(period)")
            }
            #expect(timeline.first?["count"] as? Int ?? 0 > 0 && timeline.last?["count"] as? Int ?? 0 > 0, "from the first period with results to the last")
        }
    }

    /// Text: a line per period, the counts, bars in proportion fitted to the width.
    @Test func timelineTextIsABarChartFittedToTheWidth() throws {
        let workspace = try Workspace()
        let undated = ["• 我的订阅", "  • 国内", "", "没有日期的一篇", "", "类别:国内\u{00A0}发布时间:\u{00A0}来源:测试报", "", "正文。", "",
                       "以上内容为资讯信息快照,由t.example爬虫进行采集并收录。", "", "快照生成时间:2024-06-01 00:00:00", "", "信息原文地址:", "",
                       "更多关于国内的资讯:"].joined(separator: "\n")
        try Data(undated.utf8).write(to: URL(fileURLWithPath: workspace.corpus + "/undated.txt"))
        let months = try workspace.json(["timeline", workspace.corpus, "--json"])
        for (columns, width) in [("60", 60), ("100", 100), (nil, 80)] {
            let result = try workspace.run(["timeline", workspace.corpus], columns: columns)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == months.count + 1, "a line a month and one for the undated")
            #expect(lines.last?.split(separator: " ").prefix(2) == ["undated", "1"], "\(lines.last ?? "")")
            let largest = months.compactMap { $0["count"] as? Int }.max() ?? 0
            let countWidth = String(largest).count
            let barWidth = width - "undated".count - 2 - countWidth - 1
            for (line, month) in zip(lines, months) {
                #expect(line.count <= width, "\(line) fits \(width) columns")
                let count = month["count"] as? Int ?? -1
                let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                #expect(fields.first.map(String.init) == month["period"] as? String)
                #expect(fields.dropFirst().first.map { Int($0) } == count)
                // The bar's length in eighths of a cell.
                let bar = line.unicodeScalars.filter { (0x2588...0x258F).contains($0.value) }
                let eighths = bar.reduce(0) { $0 + ($1.value == 0x2588 ? 8 : 0x2590 - Int($1.value)) }
                let wanted = Double(count) * Double(barWidth * 8) / Double(largest)
                #expect(abs(Double(eighths) - wanted) <= 1 || (count > 0 && eighths == 1), "\(line): \(eighths) eighths for \(wanted)")
                if count == largest { #expect(bar.count == barWidth, "the largest fills the width") }
            }
        }
        let usage = try workspace.run(["timeline", workspace.corpus, "--by", "fortnight"])
        #expect(usage.status != 0 && usage.stderr.contains("fortnight"))
    }

    /// `thread --json` is the walk of the generator's links, both ways, oldest first.
    @Test func threadIsTheWalkOfTheGeneratorsLinks() throws {
        let workspace = try Workspace(count: 120, seed: 9)
        var links: [String: Set<String>] = [:]
        var backward: [String: Set<String>] = [:]
        for n in 0..<workspace.generator.count {
            let snapshot = workspace.generator.snapshot(n)
            for target in snapshot.relatedTargets.compactMap({ $0 }) {
                links[snapshot.fileName, default: []].insert(target)
                backward[target, default: []].insert(snapshot.fileName)
            }
        }
        func walk(_ start: String, _ depth: Int) -> [String: Int] {
            var found = [start: 0]
            var frontier = [start]
            for level in stride(from: 1, through: depth, by: 1) {
                frontier = frontier.flatMap { (links[$0] ?? []).union(backward[$0] ?? []) }.filter { found[$0] == nil }
                for file in frontier where found[file] == nil { found[file] = level }
                frontier = Array(Set(frontier))
            }
            return found
        }
        for n in [0, 13, 77] {
            let file = workspace.generator.fileName(n)
            for depth in [0, 1, 2, 3] {
                let items = try workspace.json(["thread", workspace.corpus, file, "--depth", String(depth), "--json"])
                #expect(items.allSatisfy { Set($0.keys) == ["file", "id", "title", "publishedAt", "depth"] })
                var got: [String: Int] = [:]
                for item in items { got[item["file"] as? String ?? "?"] = item["depth"] as? Int ?? -1 }
                #expect(got == walk(file, depth), "\(file) at depth \(depth)")
                let times = items.compactMap { $0["publishedAt"] as? String }
                #expect(times == times.sorted(), "oldest first")
            }
        }
        // The default depth is 2, and text lines say each depth.
        let text = try workspace.run(["thread", workspace.corpus, workspace.generator.fileName(13)], columns: "100")
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == walk(workspace.generator.fileName(13), 2).count)
        #expect(lines.filter { $0.hasPrefix(" 0 · ") }.count == 1)
        #expect(lines.allSatisfy { $0.hasPrefix(" 0 ") || $0.hasPrefix(" 1 ") || $0.hasPrefix(" 2 ") })
    }

    /// A story added to the corpus joins the threads it is linked into at
    /// the next command (the link table follows the index).
    @Test func threadSeesAStoryAddedLater() throws {
        let workspace = try Workspace(count: 60, seed: 14)
        let later = CorpusGenerator(count: 61, seed: 14, outsidePercent: 25, filesPerFolder: 50)
        let newcomer = later.snapshot(60)
        let quoted = try #require(newcomer.relatedTargets.compactMap { $0 }.first)
        let before = try workspace.json(["thread", workspace.corpus, quoted, "--depth", "1", "--json"])
        #expect(!before.contains { $0["file"] as? String == newcomer.fileName })
        let path = workspace.corpus + "/" + newcomer.fileName
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(newcomer.text.utf8).write(to: URL(fileURLWithPath: path))
        let after = try workspace.json(["thread", workspace.corpus, quoted, "--depth", "1", "--json"])
        #expect(after.contains { $0["file"] as? String == newcomer.fileName && $0["depth"] as? Int == 1 })
        #expect(after.count == before.count + 1)
    }

    @Test func badArgumentsGiveOneLine() throws {
        let workspace = try Workspace(count: 5)
        let missing = try workspace.run(["thread", workspace.corpus, "nowhere.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1 && missing.stderr.contains("nowhere.txt"), "\(missing.stderr)")
        let negative = try workspace.run(["thread", workspace.corpus, workspace.generator.fileName(1), "--depth", "-1"])
        #expect(negative.status != 0 && negative.stderr.contains("--depth"))
    }
}
