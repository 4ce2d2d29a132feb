import ArgumentParser
import Foundation
import SnapshotFormat
import SnapshotStore

/// `timeline` counts against a count of every parsed file's date, by
/// Foundation's calendar in Beijing time, and the call's own time.
struct TimelineCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline-check",
                                                    abstract: "Timeline counts against the parsed files' dates (index the corpus first).")

    @Argument(help: "The corpus folder (indexed).") var corpus: String
    @Option(help: "Also a timeline of this search, against a scan of the text.") var query: String?

    func run() throws {
        let library = try CorpusLibrary(corpus: corpus)
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        var all: [Int64] = []
        var found: [Int64] = []
        let needle = query.map { Array($0.lowercased().utf8) }
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".txt"), let article = try? SnapshotParser.parse(fileAt: corpus + "/" + path),
                  let time = article.publishedAt?.epochSeconds else { continue }
            all.append(time)
            if let needle {
                var text = article.title + "\n" + (article.editorNote ?? "")
                for block in article.body where block.kind != .image { text += "\n" + block.text }
                if Array(text.lowercased().utf8).firstRange(of: needle) != nil { found.append(time) }
            }
        }
        func label(_ time: Int64, _ granularity: TimelineGranularity) -> String {
            let date = Date(timeIntervalSince1970: TimeInterval(time))
            let day = calendar.dateComponents([.year, .month, .day, .yearForWeekOfYear, .weekOfYear], from: date)
            switch granularity {
            case .day: return String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
            case .week: return String(format: "%04d-W%02d", day.yearForWeekOfYear ?? 0, day.weekOfYear ?? 0)
            case .month: return String(format: "%04d-%02d", day.year ?? 0, day.month ?? 0)
            case .year: return String(format: "%04d", day.year ?? 0)
            }
        }
        for (name, times, search) in [("every article", all, nil as String?)] + (query.map { [("search \($0)", found, $0)] } ?? []) {
            for granularity in TimelineGranularity.allCases {
                var expected: [String: Int] = [:]
                for time in times { expected[label(time, granularity), default: 0] += 1 }
                let start = now()
                let timeline = try library.timeline(query: search, by: granularity)
                let seconds = now() - start
                let got = Dictionary(uniqueKeysWithValues: timeline.periods.filter { $0.count > 0 }.map { ($0.label, $0.count) })
                let verdict = got == expected ? "exact" : "DIFFERENT"
                print("timeline-check \(name) by \(granularity): \(timeline.periods.count) periods, \(timeline.total) articles: \(verdict); \(format(seconds * 1000, 1)) ms in the library")
            }
        }
    }
}

/// Threads against a walk of snapgen's link truth, and their time in the
/// library (the link table read from its file each time, as a command does).
struct ThreadCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "thread-check",
                                                    abstract: "Threads against a walk of snapgen's truth (index the corpus first).")

    @Argument(help: "The corpus folder.") var corpus: String
    @Argument(help: "The truth TSV written by snapgen --truth.") var truth: String
    @Option(help: "How many articles to check (every n-th).") var samples = 200
    @Option(help: "The thread depth.") var depth = 2

    func run() throws {
        let library = try CorpusLibrary(corpus: corpus)
        var forward: [String: Set<String>] = [:]
        var backward: [String: Set<String>] = [:]
        var files = Set<String>()
        for line in try String(contentsOfFile: truth, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            files.insert(String(parts[0]))
            guard parts[2] != "-" else { continue }
            forward[String(parts[0]), default: []].insert(String(parts[2]))
            backward[String(parts[2]), default: []].insert(String(parts[0]))
        }
        let sorted = files.sorted()
        let step = max(1, sorted.count / samples)
        var exact = 0, different = 0, stories = 0
        var times: [Double] = []
        for file in stride(from: 0, to: sorted.count, by: step).map({ sorted[$0] }) {
            var expected = [file: 0]
            var frontier = [file]
            for level in stride(from: 1, through: depth, by: 1) {
                var next: [String] = []
                for node in frontier {
                    for neighbour in (forward[node] ?? []).union(backward[node] ?? []) where expected[neighbour] == nil {
                        expected[neighbour] = level
                        next.append(neighbour)
                    }
                }
                frontier = next
            }
            let start = now()
            let thread = try library.thread(ofPath: file, depth: depth)
            times.append(now() - start)
            stories += thread.count
            let got = Dictionary(thread.map { ($0.article.path, $0.depth) }, uniquingKeysWith: min)
            if got == expected { exact += 1 } else { different += 1 }
        }
        times.sort()
        let median = times.isEmpty ? 0 : times[times.count / 2]
        let worst = times.last ?? 0
        print("thread-check depth \(depth): \(exact + different) articles, \(exact) exact, \(different) different; " +
              "\(stories / max(1, exact + different)) stories a thread on average; in the library median \(format(median * 1000, 1)) ms, worst \(format(worst * 1000, 1)) ms")
    }
}
