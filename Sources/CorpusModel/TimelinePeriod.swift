import SnapshotFormat

/// How a timeline groups articles: by Beijing-time day, ISO week, month or year.
public enum TimelineGranularity: String, Sendable, CaseIterable {
    case day, week, month, year
}

/// Calendar arithmetic on day numbers (days since 1970-01-01 in Beijing
/// time), the unit every period is made of: one integer a day is cheap to
/// count a hundred thousand publish times into.
public enum TimelineCalendar {
    /// The Beijing-time day an instant falls on.
    public static func day(ofEpochSeconds seconds: Int64) -> Int {
        let local = seconds + Int64(SnapshotTime.utcOffsetSeconds)
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// The Beijing-time date of a day number, at midnight.
    public static func date(ofDay day: Int) -> SnapshotTime {
        SnapshotTime(epochSeconds: Int64(day) * 86_400 - Int64(SnapshotTime.utcOffsetSeconds))
    }

    /// The day number of a date (its time of day ignored).
    public static func day(of time: SnapshotTime) -> Int {
        day(ofEpochSeconds: time.epochSeconds)
    }

    /// 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(ofDay day: Int) -> Int {
        ((day + 3) % 7 + 7) % 7
    }

    /// The first day of the period `day` lies in.
    public static func periodStart(ofDay day: Int, by granularity: TimelineGranularity) -> Int {
        switch granularity {
        case .day:
            return day
        case .week:
            return day - weekday(ofDay: day)
        case .month:
            let date = date(ofDay: day)
            return self.day(of: SnapshotTime(year: date.year, month: date.month, day: 1) ?? date)
        case .year:
            let date = date(ofDay: day)
            return self.day(of: SnapshotTime(year: date.year, month: 1, day: 1) ?? date)
        }
    }

    /// The first day of the period after the one starting on `start`.
    public static func nextPeriodStart(after start: Int, by granularity: TimelineGranularity) -> Int {
        switch granularity {
        case .day:
            return start + 1
        case .week:
            return start + 7
        case .month:
            let date = date(ofDay: start)
            let next = date.month == 12 ? SnapshotTime(year: date.year + 1, month: 1, day: 1)
                                        : SnapshotTime(year: date.year, month: date.month + 1, day: 1)
            return next.map { day(of: $0) } ?? start + 31
        case .year:
            let date = date(ofDay: start)
            return SnapshotTime(year: date.year + 1, month: 1, day: 1).map { day(of: $0) } ?? start + 366
        }
    }

    /// The ISO 8601 week of a day: its year (that of the week's Thursday,
    /// which may differ from the day's own at the turn of a year) and number.
    public static func isoWeek(ofDay day: Int) -> (year: Int, week: Int) {
        let thursday = day - weekday(ofDay: day) + 3
        let year = date(ofDay: thursday).year
        let firstOfYear = self.day(of: SnapshotTime(year: year, month: 1, day: 1) ?? date(ofDay: thursday))
        return (year, (thursday - firstOfYear) / 7 + 1)
    }

    /// How a period is written: `2024-03-25`, `2024-W13`, `2024-03`, `2024`.
    public static func label(ofPeriodStarting start: Int, by granularity: TimelineGranularity) -> String {
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        switch granularity {
        case .day:
            return date(ofDay: start).dateString
        case .week:
            let (year, week) = isoWeek(ofDay: start)
            return digits(year, 4) + "-W" + digits(week, 2)
        case .month:
            let date = date(ofDay: start)
            return digits(date.year, 4) + "-" + digits(date.month, 2)
        case .year:
            return digits(date(ofDay: start).year, 4)
        }
    }
}
