import SnapshotFormat

/// Articles counted per period, every period from the first article's to the
/// last one's, empty ones included; articles with no publish time counted
/// apart (they belong to no period).
public struct Timeline: Sendable, Equatable {
    /// One period and how many articles were published in it.
    public struct Period: Sendable, Equatable {
        /// `2024-03-25`, `2024-W13`, `2024-03` or `2024`.
        public var label: String
        public var count: Int
        /// The period's first and last day (day numbers of `TimelineCalendar`, inclusive).
        public var firstDay: Int
        public var lastDay: Int

        public init(label: String, count: Int, firstDay: Int, lastDay: Int) {
            self.label = label
            self.count = count
            self.firstDay = firstDay
            self.lastDay = lastDay
        }

        /// The first day, at midnight Beijing time.
        public var start: SnapshotTime { TimelineCalendar.date(ofDay: firstDay) }
        /// The last day, at midnight Beijing time: a `--until` date.
        public var end: SnapshotTime { TimelineCalendar.date(ofDay: lastDay) }
    }

    public var granularity: TimelineGranularity
    public var periods: [Period]
    /// Articles without a publish time.
    public var undated: Int

    public init(granularity: TimelineGranularity, periods: [Period], undated: Int) {
        self.granularity = granularity
        self.periods = periods
        self.undated = undated
    }

    /// Counts publish times (seconds since 1970, nil for an undated article).
    public init<S: Sequence>(granularity: TimelineGranularity, publishTimes: S) where S.Element == Int64? {
        var counter = TimelineCounter()
        for time in publishTimes {
            if let time { counter.add(epochSeconds: time) } else { counter.addUndated() }
        }
        self = counter.timeline(by: granularity)
    }

    /// Every article counted, dated or not.
    public var total: Int { periods.reduce(undated) { $0 + $1.count } }

    /// The largest count of a period (0 when there are none).
    public var largestCount: Int { periods.map(\.count).max() ?? 0 }

    /// The position of the period holding `time`, if the timeline spans it.
    public func periodIndex(of time: SnapshotTime) -> Int? {
        let day = TimelineCalendar.day(of: time)
        var low = 0
        var high = periods.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if periods[middle].lastDay < day { low = middle + 1 } else if periods[middle].firstDay > day { high = middle - 1 } else {
                return middle
            }
        }
        return nil
    }
}

/// Counts publish times by day, then gathers the days into periods: one
/// integer operation an article, whatever the granularity. Shared by the
/// store's timeline queries and the reader's test library.
public struct TimelineCounter {
    private var days: [Int32] = []
    private var farDays: [Int] = []
    public private(set) var undated = 0

    /// An empty counter.
    public init() {}

    /// Room for this many publish times.
    public mutating func reserve(_ count: Int) {
        days.reserveCapacity(count)
    }

    /// Counts one article published at this instant.
    public mutating func add(epochSeconds: Int64) {
        let day = TimelineCalendar.day(ofEpochSeconds: epochSeconds)
        if let small = Int32(exactly: day) { days.append(small) } else { farDays.append(day) }
    }

    /// Counts one article with no publish time.
    public mutating func addUndated() {
        undated += 1
    }

    /// The periods of what was counted, first to last, empty ones included.
    public func timeline(by granularity: TimelineGranularity) -> Timeline {
        var low = Int.max
        var high = Int.min
        for day in days {
            low = min(low, Int(day))
            high = max(high, Int(day))
        }
        for day in farDays {
            low = min(low, day)
            high = max(high, day)
        }
        guard low <= high else { return Timeline(granularity: granularity, periods: [], undated: undated) }
        // The days that have articles, in order, with their counts: from a
        // dense array when the span allows (it always does for real dates:
        // 10,000 years are 3.7 million days), else from a dictionary.
        var counted: [(day: Int, count: Int)] = []
        if high - low < 4_000_000 {
            var dense = [Int32](repeating: 0, count: high - low + 1)
            for day in days { dense[Int(day) - low] += 1 }
            for day in farDays { dense[day - low] += 1 }
            for (offset, count) in dense.enumerated() where count > 0 { counted.append((low + offset, Int(count))) }
        } else {
            var counts: [Int: Int] = [:]
            for day in days { counts[Int(day), default: 0] += 1 }
            for day in farDays { counts[day, default: 0] += 1 }
            counted = counts.map { (day: $0.key, count: $0.value) }.sorted { $0.day < $1.day }
        }
        var periods: [Timeline.Period] = []
        var cursor = 0
        var start = TimelineCalendar.periodStart(ofDay: low, by: granularity)
        while start <= high {
            let next = TimelineCalendar.nextPeriodStart(after: start, by: granularity)
            var count = 0
            while cursor < counted.count, counted[cursor].day < next {
                count += counted[cursor].count
                cursor += 1
            }
            periods.append(Timeline.Period(label: TimelineCalendar.label(ofPeriodStarting: start, by: granularity),
                                           count: count, firstDay: start, lastDay: next - 1))
            start = next
        }
        return Timeline(granularity: granularity, periods: periods, undated: undated)
    }
}
