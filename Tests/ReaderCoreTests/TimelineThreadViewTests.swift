import Foundation
import ReaderTesting
import SnapshotFormat
import Testing
@testable import ReaderCore

/// The timeline and thread views, driven by messages over the fixture
/// library (no terminal): what they ask the library, what they show, what
/// Enter and Esc leave behind. Fixture dates, newest first: 网络 2024-06-30
/// (handle 6), 书店 2024-05-02 (5), 春耕 2024-03-20 (1), 水渠 2024-02-11 (2),
/// 堤坝 2023-11-05 (3), 气象站 2023-09-18 (4); links 春耕 → 水渠 → 堤坝 → 气象站.
@Suite struct TimelineThreadViewTests {
    static func timeline(_ reader: ReaderHarness) -> TimelineState? {
        if case .timeline(let state)? = reader.model.modal { return state }
        return nil
    }

    static func thread(_ reader: ReaderHarness) -> ThreadState? {
        if case .thread(let state)? = reader.model.modal { return state }
        return nil
    }

    static func day(_ text: String) throws -> SnapshotTime { try #require(SnapshotTime(parsing: text)) }

    // MARK: - Timeline

    @Test func timelineCountsWhatTheListHoldsEveryMonthWithZeros() throws {
        let reader = ReaderHarness()
        reader.press(.character("T"))
        #expect(reader.allEffects.last == .loadTimeline(handles: reader.order, by: .month))
        let state = try #require(Self.timeline(reader))
        let periods = try #require(state.timeline?.periods)
        #expect(periods.map(\.label) == ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        #expect(periods.map(\.count) == [1, 0, 1, 0, 0, 1, 1, 0, 1, 1])
        // The selected article (the newest, 2024-06-30) marks its period, and the cursor starts there.
        #expect(state.anchorPeriod == 9)
        #expect(state.selected == 9)
    }

    @Test func theCursorMovesThroughThePeriodsAndStartsOnTheSelectedArticles() throws {
        let reader = ReaderHarness()
        reader.press(.character("j"), .character("j"))  // 春耕, 2024-03-20
        reader.press(.character("T"))
        #expect(Self.timeline(reader)?.selected == 6)
        reader.press(.character("k"), .up)
        #expect(Self.timeline(reader)?.selected == 4)
        reader.press(.home)
        #expect(Self.timeline(reader)?.selected == 0)
        reader.press(.character("j"), .down)
        #expect(Self.timeline(reader)?.selected == 2)
        reader.press(.end)
        #expect(Self.timeline(reader)?.selected == 9)
        reader.press(.character("j"))
        #expect(Self.timeline(reader)?.selected == 9, "no further than the last period")
        reader.press(.pageUp)
        #expect(Self.timeline(reader)?.selected == 0, "a page is more than ten periods at 120x40")
        #expect(Self.timeline(reader)?.anchorPeriod == 6)
    }

    @Test func pChangesThePeriodKeepingTheCursorsPlace() throws {
        let reader = ReaderHarness()
        reader.press(.character("j"), .character("j"))  // 春耕, 2024-03-20
        reader.press(.character("T"), .character("p"))
        #expect(reader.allEffects.last == .loadTimeline(handles: reader.order, by: .year))
        var state = try #require(Self.timeline(reader))
        #expect(state.granularity == .year)
        #expect(state.timeline?.periods.map(\.label) == ["2023", "2024"])
        #expect(state.timeline?.periods.map(\.count) == [2, 4])
        #expect(state.selected == 1)
        reader.press(.character("p"))
        state = try #require(Self.timeline(reader))
        #expect(state.granularity == .day)
        // Days from 2023-09-18 to 2024-06-30, every one listed; the cursor stays on the selected article's.
        let days = try #require(state.timeline?.periods)
        #expect(days.count == 287)
        #expect(days.reduce(0) { $0 + $1.count } == 6)
        #expect(days[state.selected].label == "2024-03-20")
        #expect(state.anchorPeriod == state.selected)
        // Away from it, the cursor keeps the first day of its period: 2024-03-18's week, then its month.
        reader.press(.character("k"), .character("k"), .character("p"))
        state = try #require(Self.timeline(reader))
        #expect(state.granularity == .week)
        #expect(state.timeline.map { $0.periods[state.selected].label } == "2024-W12")
        reader.press(.character("k"), .character("p"))
        state = try #require(Self.timeline(reader))
        #expect(state.granularity == .month)
        #expect(state.timeline.map { $0.periods[state.selected].label } == "2024-03", "2024-W11 starts on 2024-03-11")
        // A year before the first article's: the first period.
        reader.press(.home, .character("p"), .character("p"))
        state = try #require(Self.timeline(reader))
        #expect(state.granularity == .day)
        #expect(state.selected == 0, "2023-01-01 is before the first day, 2023-09-18")
    }

    @Test func enterNarrowsTheListToThePeriodAsADateFilter() throws {
        let reader = ReaderHarness()
        reader.press(.character("T"))
        for _ in 0..<4 { reader.press(.character("k")) }  // 2024-06 → 2024-02
        #expect(Self.timeline(reader)?.selected == 5)
        reader.press(.enter)
        #expect(reader.model.modal == nil)
        #expect(reader.filter.since == (try Self.day("2024-02-01")))
        #expect(reader.filter.until == (try Self.day("2024-02-29")))
        #expect(reader.order == [2])
        #expect(reader.screen.contains("2024-02-01–2024-02-29"), "the filter is shown as every filter is")
        #expect(reader.screen.contains("1 article"))
        // Removable as the other date filters are: the dates prompt holds it, C clears it.
        reader.press(.character("d"))
        #expect(reader.promptText == "2024-02-01..2024-02-29")
        reader.press(.escape, .character("C"))
        #expect(reader.filter.isEmpty)
        #expect(reader.order.count == 6)
    }

    @Test func narrowingStaysWithinTheDatesAlreadyFiltered() throws {
        let reader = ReaderHarness()
        reader.press(.character("d"))
        reader.type("2024-03-10..2024-05-10")
        reader.press(.enter)
        #expect(reader.order == [5, 1])
        reader.press(.character("T"))
        #expect(Self.timeline(reader)?.timeline?.periods.map(\.label) == ["2024-03", "2024-04", "2024-05"])
        reader.press(.end, .enter)
        #expect(reader.filter.since == (try Self.day("2024-05-01")))
        #expect(reader.filter.until == (try Self.day("2024-05-10")), "the month's end is past the filter's")
        #expect(reader.order == [5])
    }

    @Test func anEmptyPeriodIsNotNarrowedTo() throws {
        let reader = ReaderHarness()
        reader.press(.character("T"), .character("k"))  // 2024-05 has one; 2024-04 none
        reader.press(.character("k"), .enter)
        #expect(Self.timeline(reader) != nil, "still open")
        #expect(reader.message?.contains("No articles in 2024-04") == true)
        #expect(reader.filter.isEmpty)
    }

    @Test func theTimelineOfAKeptSearchCountsItsResultsAndNarrowingSearchesAgain() throws {
        let reader = ReaderHarness()
        reader.press(.character("/"))
        reader.type("水渠")
        reader.press(.enter)
        #expect(reader.order == [1, 2])
        reader.press(.character("T"))
        #expect(reader.allEffects.last == .loadTimeline(handles: [1, 2], by: .month))
        let state = try #require(Self.timeline(reader))
        #expect(state.timeline?.periods.map(\.label) == ["2024-02", "2024-03"])
        #expect(state.timeline?.periods.map(\.count) == [1, 1])
        let effects = reader.press(.enter)  // the cursor is on the selected article's period: 2024-03
        var narrowed = ReaderFilter(searchQuery: "水渠")
        narrowed.since = try Self.day("2024-03-01")
        narrowed.until = try Self.day("2024-03-31")
        #expect(effects == [.search(query: "水渠", filter: narrowed)])
        #expect(reader.order == [1])
        #expect(reader.filter == narrowed)
    }

    @Test func escClosesTheTimelineWithNothingChanged() throws {
        let reader = ReaderHarness()
        reader.press(.character("j"))
        let before = reader.model
        reader.press(.character("T"), .character("k"), .character("p"), .character("k"))
        reader.press(.escape)
        #expect(reader.model.modal == nil)
        #expect(reader.filter == before.filter)
        #expect(reader.order == before.list.order)
        #expect(reader.selected == before.list.selected)
        #expect(reader.document == before.article.document)
        #expect(reader.model.trail == before.trail)
        // T again closes it too (the key that opened it).
        reader.press(.character("T"))
        #expect(Self.timeline(reader) != nil)
        reader.press(.character("T"))
        #expect(reader.model.modal == nil)
    }

    @Test func anAnswerForAnotherPeriodIsIgnoredAndAChangedListIsCountedAgain() throws {
        let reader = ReaderHarness()
        reader.press(.character("T"))
        let before = Self.timeline(reader)
        reader.send(.timelineLoaded(Timeline(granularity: .week, periods: [], undated: 0), error: nil))
        #expect(Self.timeline(reader) == before)
        // The index changed under the open view: the new list is counted.
        reader.send(.orderLoaded(filter: reader.filter, handles: [6, 5]))
        #expect(reader.allEffects.contains(.loadTimeline(handles: [6, 5], by: .month)))
        #expect(Self.timeline(reader)?.timeline?.periods.map(\.count) == [1, 1])
        #expect(Self.timeline(reader)?.timeline?.periods.map(\.label) == ["2024-05", "2024-06"])
    }

    @Test func aTimelineThatCannotBeCountedSaysWhy() throws {
        let reader = ReaderHarness()
        reader.press(.character("T"))
        reader.send(.timelineLoaded(Timeline(granularity: .month, periods: [], undated: 0), error: "index.sqlite: disk I/O error"))
        #expect(reader.screen.contains("Cannot count: index.sqlite: disk I/O error"))
    }

    // MARK: - Thread

    /// The reader with 水渠 (handle 2) open in the article pane.
    static func readerOnShuiQu(width: Int = 120, height: Int = 40) -> ReaderHarness {
        let reader = ReaderHarness(width: width, height: height)
        reader.press(.character("j"), .character("j"), .character("j"), .enter)
        return reader
    }

    @Test func theThreadListsTheLinkedStoriesInPublishOrderWithDepthAndDirection() throws {
        let reader = Self.readerOnShuiQu()
        #expect(reader.document?.handle == 2)
        reader.press(.character("R"))
        #expect(reader.allEffects.last == .loadThread(handle: 2, depth: 2))
        let state = try #require(Self.thread(reader))
        let stories = try #require(state.stories)
        #expect(stories.map(\.article.docno) == [4, 3, 2, 1])
        #expect(stories.map(\.depth) == [2, 1, 0, 1])
        #expect(stories.map(\.direction) == [.cited, .cited, nil, .citing])
        #expect(state.selected == 2, "the cursor starts on the open article")
    }

    @Test func dChangesTheDepthKeepingTheCursorOnItsStory() throws {
        let reader = Self.readerOnShuiQu()
        reader.press(.character("R"), .character("j"))  // 春耕
        reader.press(.character("d"))
        #expect(reader.allEffects.last == .loadThread(handle: 2, depth: 3))
        reader.press(.character("d"))
        var state = try #require(Self.thread(reader))
        #expect(state.depth == 1)
        #expect(state.stories?.map(\.article.docno) == [3, 2, 1])
        #expect(state.stories.map { $0[state.selected].article.docno } == 1)
        reader.press(.character("k"), .character("k"), .character("d"))  // 堤坝, then depth 2
        state = try #require(Self.thread(reader))
        #expect(state.depth == 2)
        #expect(state.stories.map { $0[state.selected].article.docno } == 3)
    }

    @Test func enterOpensTheStoryOnTheTrailAsFollowingARelatedItemDoes() throws {
        // By the thread.
        let reader = Self.readerOnShuiQu()
        reader.press(.character("R"), .character("j"), .enter)  // 春耕
        #expect(reader.model.modal == nil)
        #expect(reader.document?.handle == 1)
        #expect(reader.model.trail.back.map(\.handle) == [2])
        #expect(reader.model.trail.forward.isEmpty)
        #expect(reader.selected == reader.order.firstIndex(of: 1))
        // By the related pane, from the same place: the same trail.
        let other = Self.readerOnShuiQu()
        other.press(.character("3"))
        other.model.related.selected = other.model.related.items.count  // the first backlink: 春耕
        other.press(.enter)
        #expect(other.document?.handle == 1)
        #expect(other.model.trail.back.map(\.handle) == reader.model.trail.back.map(\.handle))
        // H goes back to 水渠, L forward again.
        reader.press(.character("H"))
        #expect(reader.document?.handle == 2)
        #expect(reader.model.trail.forward.map(\.handle) == [1])
        reader.press(.character("L"))
        #expect(reader.document?.handle == 1)
    }

    @Test func enterOnTheOpenArticleOnlyCloses() throws {
        let reader = Self.readerOnShuiQu()
        reader.press(.character("R"), .enter)
        #expect(reader.model.modal == nil)
        #expect(reader.document?.handle == 2)
        #expect(reader.model.trail.back.isEmpty)
    }

    @Test func escClosesTheThreadWithNothingChanged() throws {
        let reader = Self.readerOnShuiQu()
        let before = reader.model
        reader.press(.character("R"), .character("k"), .character("d"), .escape)
        #expect(reader.model.modal == nil)
        #expect(reader.document == before.article.document)
        #expect(reader.model.trail == before.trail)
        #expect(reader.focus == before.focus)
        #expect(reader.filter == before.filter)
    }

    @Test func aStaleThreadAnswerIsIgnored() throws {
        let reader = Self.readerOnShuiQu()
        reader.press(.character("R"))
        let before = Self.thread(reader)
        reader.send(.threadLoaded(handle: 2, depth: 3, stories: [], error: nil))
        reader.send(.threadLoaded(handle: 1, depth: 2, stories: [], error: nil))
        #expect(Self.thread(reader) == before)
    }

    @Test func aThreadNeedsAnOpenArticle() throws {
        let reader = ReaderHarness()
        reader.model.article = ArticleState()
        reader.press(.character("R"))
        #expect(reader.model.modal == nil)
        #expect(reader.message?.contains("No article open") == true)
    }

    // MARK: - Keys

    @Test func theViewsKeysAreRemappableAndNamedInTheHelpAndHints() throws {
        let config = try ReaderConfig.parse("""
        [keys.global]
        "F5" = "timeline"
        "F6" = "thread"
        [keys.timeline]
        "w" = "timeline-period"
        [keys.thread]
        "+" = "thread-depth"
        """, file: "config.toml")
        let reader = ReaderHarness(keymap: config.keymap)
        reader.press(.function(5))
        #expect(Self.timeline(reader) != nil)
        #expect(reader.screen.contains("w by year") || reader.screen.contains("p by year"))
        reader.press(.character("w"))
        #expect(Self.timeline(reader)?.granularity == .year)
        reader.press(.escape, .function(6))
        #expect(Self.thread(reader) != nil)
        reader.press(.character("+"))
        #expect(Self.thread(reader)?.depth == 3)
        reader.press(.escape, .character("?"))
        let help = reader.model.keymap.helpLines()
        for name in ["timeline", "thread", "timeline-period", "thread-depth"] {
            #expect(help.contains { $0.action?.configName == name }, "\(name) on the help screen")
        }
        #expect(help.contains { $0.context == .timeline && $0.action == .open && $0.summary.contains("narrow") })
        #expect(help.contains { $0.context == .thread && $0.action == .open && $0.summary.contains("trail") })
    }

    @Test func theStatusBarHintsNameTheViewsKeysWhileOpen() throws {
        let reader = Self.readerOnShuiQu()
        reader.press(.character("T"))
        let bottom = { reader.screen.split(separator: "\n").last.map(String.init) ?? "" }
        #expect(bottom().contains("j/k period  p by year  Enter narrow  Esc close"))
        reader.press(.escape, .character("R"))
        #expect(bottom().contains("j/k story  d depth 3  Enter open  Esc close"))
        // Bound in the panes, the timeline's own action does nothing but say where it works.
        reader.press(.escape)
        reader.model.keymap.bind(.character("p"), to: .timelinePeriod, in: .global)
        reader.press(.character("p"))
        #expect(reader.message?.contains("in the timeline (T)") == true)
    }
}
