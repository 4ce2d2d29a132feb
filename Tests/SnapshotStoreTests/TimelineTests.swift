import CorpusGenerator
import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

/// Period labels worked out with Foundation's calendars in Beijing's time
/// zone: an oracle that shares no code with `TimelineCalendar`.
enum CalendarOracle {
    static let beijing: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    static let iso: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = beijing.timeZone
        return calendar
    }()

    static func label(_ date: Date, by granularity: TimelineGranularity) -> String {
        switch granularity {
        case .day:
            let parts = beijing.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        case .week:
            let parts = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return String(format: "%04d-W%02d", parts.yearForWeekOfYear!, parts.weekOfYear!)
        case .month:
            let parts = beijing.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", parts.year!, parts.month!)
        case .year:
            return String(format: "%04d", beijing.component(.year, from: date))
        }
    }

    /// Every period from the first time's to the last one's with its count.
    static func timeline(_ times: [Int64], by granularity: TimelineGranularity) -> [(String, Int)] {
        guard let first = times.min(), let last = times.max() else { return [] }
        var counts: [String: Int] = [:]
        for time in times { counts[label(Date(timeIntervalSince1970: TimeInterval(time)), by: granularity), default: 0] += 1 }
        var labels: [String] = []
        var day = beijing.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(first)))
        let end = Date(timeIntervalSince1970: TimeInterval(last))
        while day <= end {
            let label = label(day, by: granularity)
            if labels.last != label { labels.append(label) }
            day = beijing.date(byAdding: .day, value: 1, to: day)!
        }
        return labels.map { ($0, counts[$0] ?? 0) }
    }
}

@Suite struct TimelineCalendarTests {
    /// Every day of 1999-2031 (the turns of years where ISO weeks belong to
    /// the year before or after included) gets Foundation's labels.
    @Test(arguments: TimelineGranularity.allCases)
    func labelsAgreeWithFoundationEveryDay(_ granularity: TimelineGranularity) throws {
        let first = TimelineCalendar.day(of: try #require(SnapshotTime(year: 1999, month: 1, day: 1)))
        let last = TimelineCalendar.day(of: try #require(SnapshotTime(year: 2031, month: 12, day: 31)))
        var wrong: [String] = []
        for day in first...last {
            let start = TimelineCalendar.periodStart(ofDay: day, by: granularity)
            let ours = TimelineCalendar.label(ofPeriodStarting: start, by: granularity)
            // Noon, Beijing time, on that day.
            let noon = Date(timeIntervalSince1970: TimeInterval(Int64(day) * 86_400 - 8 * 3600 + 12 * 3600))
            let theirs = CalendarOracle.label(noon, by: granularity)
            if ours != theirs { wrong.append("\(TimelineCalendar.date(ofDay: day).dateString): \(ours), not \(theirs)") }
            #expect(start <= day && TimelineCalendar.nextPeriodStart(after: start, by: granularity) > day)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func knownWeeks() throws {
        func week(_ y: Int, _ m: Int, _ d: Int) throws -> String {
            let day = TimelineCalendar.day(of: try #require(SnapshotTime(year: y, month: m, day: d)))
            return TimelineCalendar.label(ofPeriodStarting: TimelineCalendar.periodStart(ofDay: day, by: .week), by: .week)
        }
        #expect(try week(2024, 3, 25) == "2024-W13")
        #expect(try week(2021, 1, 3) == "2020-W53")
        #expect(try week(2024, 12, 30) == "2025-W01")
        #expect(try week(2026, 1, 1) == "2026-W01")
    }

    /// A time late in the evening UTC is the next day in Beijing.
    @Test func daysAreBeijingDays() throws {
        let utcEvening: Int64 = 1_711_400_400 // 2024-03-25 21:00 UTC = 2024-03-26 05:00 in Beijing
        #expect(TimelineCalendar.date(ofDay: TimelineCalendar.day(ofEpochSeconds: utcEvening)).dateString == "2024-03-26")
        // 05:00 and 01:00 on the 26th, 23:00 on the 25th, in Beijing.
        let timeline = Timeline(granularity: .day, publishTimes: [utcEvening, utcEvening - 4 * 3600, utcEvening - 6 * 3600, nil])
        #expect(timeline.periods.map(\.label) == ["2024-03-25", "2024-03-26"])
        #expect(timeline.periods.map(\.count) == [1, 2])
        #expect(timeline.undated == 1)
    }
}

@Suite struct TimelineTests {
    static let generator = CorpusGenerator(count: 400, seed: 23, filesPerFolder: 100)

    /// The generated corpus with its index, and every article as parsed
    /// from its file (for categories and search text).
    final class Fixture {
        let corpus: TemporaryCorpus
        let library: CorpusLibrary
        let articles: [String: Article]

        init() throws {
            corpus = try TemporaryCorpus()
            try CorpusWriter.write(TimelineTests.generator, to: corpus.corpus)
            library = try corpus.library()
            try library.index.update()
            articles = try corpus.parsedArticles()
        }
    }

    func check(_ timeline: Timeline, against times: [Int64], by granularity: TimelineGranularity, _ what: String) {
        let expected = CalendarOracle.timeline(times, by: granularity)
        #expect(timeline.periods.map(\.label) == expected.map(\.0), "\(what) by \(granularity): periods")
        #expect(timeline.periods.map(\.count) == expected.map(\.1), "\(what) by \(granularity): counts")
        #expect(timeline.undated == 0)
        #expect(timeline.total == times.count)
    }

    /// Every article, by every period, against the generator's dates.
    @Test func everyArticleByEveryPeriod() throws {
        let fixture = try Fixture()
        let times = (0..<Self.generator.count).map { Self.generator.snapshot($0).publishedAt.epochSeconds }
        for granularity in TimelineGranularity.allCases {
            let timeline = try fixture.library.timeline(by: granularity)
            check(timeline, against: times, by: granularity, "all")
            // Zeros are there: the generated dates leave days without articles.
            if granularity == .day { #expect(timeline.periods.contains { $0.count == 0 }) }
        }
    }

    /// With filters, a query, and both: the articles the truth says match.
    @Test func filtersAndQueries() throws {
        let fixture = try Fixture()
        let since = try #require(SnapshotTime(year: 2023, month: 4, day: 10))
        let until = try #require(SnapshotTime(year: 2024, month: 2, day: 20))
        func searchable(_ article: Article) -> String {
            ([article.title, article.editorNote ?? ""] + article.body.filter { $0.kind != .image }.map(\.text)).joined(separator: "\n")
        }
        let cases: [(String, String?, ArticleFilter, (Article) -> Bool)] = [
            ("category", nil, ArticleFilter(categories: ["国内", "财经"]), { ["国内", "财经"].contains($0.category ?? "") }),
            ("dates and source", nil, ArticleFilter(source: "海滨日报", since: since, until: until), { article in
                guard let time = article.publishedAt, article.source == "海滨日报" else { return false }
                return time >= since && time < SnapshotTime(epochSeconds: until.epochSeconds + 86_400)
            }),
            ("query", "社区", ArticleFilter(), { searchable($0).contains("社区") }),
            ("two-word query", "智慧 居民", ArticleFilter(), { searchable($0).contains("智慧") && searchable($0).contains("居民") }),
            ("query and category", "加速度", ArticleFilter(categories: ["体育", "科技", "文化"]), {
                searchable($0).contains("加速度") && ["体育", "科技", "文化"].contains($0.category ?? "")
            }),
        ]
        for (name, query, filter, matches) in cases {
            let times = fixture.articles.values.filter(matches).compactMap { $0.publishedAt?.epochSeconds }
            #expect(times.count > 5, "\(name) matches a few articles")
            for granularity in TimelineGranularity.allCases {
                check(try fixture.library.timeline(query: query, filter: filter, by: granularity), against: times, by: granularity, name)
            }
            // The same articles the search and the list give.
            let listed = query.map { try? fixture.library.search($0, filter: filter).count } ?? (try? fixture.library.count(filter: filter))
            #expect(try fixture.library.timeline(query: query, filter: filter, by: .year).total == listed)
        }
    }

    /// Bookmarked and unread: the person's marks filter the timeline too.
    @Test func personFilters() throws {
        let fixture = try Fixture()
        let chosen = (0..<Self.generator.count).filter { $0 % 7 == 0 }.map { Self.generator.snapshot($0) }
        for snapshot in chosen {
            let article = try #require(try fixture.library.article(atPath: snapshot.fileName))
            try fixture.library.userData.addBookmark(Bookmark(articleID: article.id, title: article.title, corpus: fixture.library.index.root,
                                                              path: article.path, category: article.category, published: nil))
            try fixture.library.userData.setRead(article.id, true)
        }
        let bookmarked = try fixture.library.timeline(filter: ArticleFilter(bookmarked: true), by: .month)
        check(bookmarked, against: chosen.map(\.publishedAt.epochSeconds), by: .month, "bookmarked")
        let unread = try fixture.library.timeline(filter: ArticleFilter(unread: true), by: .month)
        #expect(unread.total == Self.generator.count - chosen.count)
    }

    /// Undated articles are counted apart and belong to no period.
    @Test func undatedArticlesAreCountedApart() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("a.txt", snapshotText(title: "三月的", time: "2024-03-05 10:00:00", body: ["正文一。"]))
        try corpus.write("b.txt", snapshotText(title: "五月的", time: "2024-05-20 23:59:00", body: ["正文二。"]))
        try corpus.write("c.txt", snapshotText(title: "没有日期", time: "", body: ["正文三。"]))
        try corpus.write("d.txt", snapshotText(title: "日期读不懂", time: "去年", body: ["正文四。"]))
        let library = try corpus.library()
        try library.index.update()
        let timeline = try library.timeline(by: .month)
        #expect(timeline.periods.map(\.label) == ["2024-03", "2024-04", "2024-05"])
        #expect(timeline.periods.map(\.count) == [1, 0, 1])
        #expect(timeline.undated == 2)
        #expect(try library.timeline(query: "正文", by: .month).undated == 2)
        let handles = try library.handles().map(Int64.init)
        #expect(try library.timeline(handles: handles, by: .month) == timeline)
        // A period gives the dates a filter takes.
        #expect(timeline.periods[1].start.dateString == "2024-04-01" && timeline.periods[1].end.dateString == "2024-04-30")
        #expect(timeline.periodIndex(of: try #require(SnapshotTime(year: 2024, month: 5, day: 31, hour: 23))) == 2)
        #expect(try library.timeline(query: "没有这个词", by: .day).periods.isEmpty)
    }

    /// The reader's list (any docnos) gives the same counts as the query it came from.
    @Test func timelineOfHandles() throws {
        let fixture = try Fixture()
        let handles = try fixture.library.searchHandles("社区")
        #expect(try fixture.library.timeline(handles: handles, by: .week) == fixture.library.timeline(query: "社区", by: .week))
    }
}
