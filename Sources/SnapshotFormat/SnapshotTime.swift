/// A wall-clock time on the snapshot site, which writes Beijing time (UTC+8).
public struct SnapshotTime: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// The offset of every time the snapshot site writes.
    public static let utcOffsetSeconds = 8 * 3600

    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...SnapshotTime.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYY-MM-DD HH:MM:SS`, also with `/` between the date parts, a `T`
    /// instead of the space, or without seconds or without any time.
    public init?<S: StringProtocol>(parsing text: S) {
        var digits: [Int] = []
        var current = -1
        var count = 0
        for unit in text.utf8 {
            if unit >= 0x30 && unit <= 0x39 {
                current = (current < 0 ? 0 : current) * 10 + Int(unit - 0x30)
                count += 1
                if count > 4 { return nil }
            } else {
                guard current >= 0 else { return nil }
                switch (digits.count, unit) {
                case (0...1, UInt8(ascii: "-")), (0...1, UInt8(ascii: "/")),
                     (2, UInt8(ascii: " ")), (2, UInt8(ascii: "T")),
                     (3...4, UInt8(ascii: ":")):
                    digits.append(current)
                    current = -1
                    count = 0
                default:
                    return nil
                }
            }
        }
        guard current >= 0 else { return nil }
        digits.append(current)
        guard digits.count == 3 || digits.count == 5 || digits.count == 6 else { return nil }
        self.init(year: digits[0], month: digits[1], day: digits[2],
                  hour: digits.count > 3 ? digits[3] : 0,
                  minute: digits.count > 4 ? digits[4] : 0,
                  second: digits.count > 5 ? digits[5] : 0)
    }

    /// `2024-03-25T11:52:00+08:00`.
    public var iso8601: String { formatted("0000-00-00T00:00:00+08:00", clock: true, seconds: true) }

    /// How many bytes `writeISO8601` writes.
    public static let iso8601Length = iso8601Template.utf8CodeUnitCount

    private static let iso8601Template: StaticString = "0000-00-00T00:00:00+08:00"

    /// Writes `2024-03-25T11:52:00+08:00` (`iso8601Length` bytes) at
    /// `target`, with no string made: for printing a million of them.
    public func writeISO8601(at target: UnsafeMutablePointer<UInt8>) {
        fill(Self.iso8601Template, at: target, clock: true, seconds: true)
    }

    /// Appends `2024-03-25 11:52` (`shortString`) as UTF-8.
    public func appendShort(to bytes: inout [UInt8]) {
        appendDigits(to: &bytes, dateTimeSeparator: 0x20, seconds: false)
    }

    private func appendDigits(to bytes: inout [UInt8], dateTimeSeparator: UInt8, seconds: Bool) {
        func put(_ value: Int, width: Int) {
            var divisor = width == 4 ? 1000 : 10
            while divisor > 0 {
                bytes.append(UInt8(48 + value / divisor % 10))
                divisor /= 10
            }
        }
        put(year, width: 4)
        bytes.append(0x2D)
        put(month, width: 2)
        bytes.append(0x2D)
        put(day, width: 2)
        bytes.append(dateTimeSeparator)
        put(hour, width: 2)
        bytes.append(0x3A)
        put(minute, width: 2)
        if seconds {
            bytes.append(0x3A)
            put(second, width: 2)
        }
    }

    /// `2024-03-25`.
    public var dateString: String { formatted("0000-00-00", clock: false, seconds: false) }

    /// `2024-03-25 11:52`, how the reader shows a time.
    public var shortString: String { formatted("0000-00-00 00:00", clock: true, seconds: false) }

    /// Fills the digits of a template laid out like `0000-00-00 00:00:00`,
    /// without string interpolation: listings format a hundred thousand of these.
    private func formatted(_ template: StaticString, clock: Bool, seconds: Bool) -> String {
        String(unsafeUninitializedCapacity: template.utf8CodeUnitCount) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            fill(template, at: base, clock: clock, seconds: seconds)
            return template.utf8CodeUnitCount
        }
    }

    /// Writes `template` at `target` with its digits filled (year at 0,
    /// month at 5, day at 8; with `clock`, hour at 11 and minute at 14;
    /// with `seconds`, second at 17).
    private func fill(_ template: StaticString, at target: UnsafeMutablePointer<UInt8>, clock: Bool, seconds: Bool) {
        target.update(from: template.utf8Start, count: template.utf8CodeUnitCount)
        func put(_ value: Int, at offset: Int, width: Int) {
            var rest = value
            var position = offset + width
            while position > offset {
                position -= 1
                target[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, width: 4)
        put(month, at: 5, width: 2)
        put(day, at: 8, width: 2)
        if clock {
            put(hour, at: 11, width: 2)
            put(minute, at: 14, width: 2)
        }
        if seconds { put(second, at: 17, width: 2) }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int64 {
        let days = SnapshotTime.daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return local - Int64(SnapshotTime.utcOffsetSeconds)
    }

    /// The Beijing wall-clock time of an instant.
    public init(epochSeconds: Int64) {
        let local = epochSeconds + Int64(SnapshotTime.utcOffsetSeconds)
        var days = local / 86_400
        var rest = local % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = SnapshotTime.civilFromDays(Int(days))
        year = y
        month = m
        day = d
        hour = Int(rest / 3600)
        minute = Int(rest % 3600 / 60)
        second = Int(rest % 60)
    }

    public static func < (lhs: SnapshotTime, rhs: SnapshotTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
