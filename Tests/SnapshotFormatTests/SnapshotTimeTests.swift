import Testing
@testable import SnapshotFormat

@Suite struct SnapshotTimeTests {
    @Test(arguments: [
        ("2024-03-25 11:52:00", "2024-03-25T11:52:00+08:00"),
        ("2024-03-25 11:52", "2024-03-25T11:52:00+08:00"),
        ("2024/3/5 08:07:09", "2024-03-05T08:07:09+08:00"),
        ("2024-02-29", "2024-02-29T00:00:00+08:00"),
        ("2024-03-25T11:52:00", "2024-03-25T11:52:00+08:00"),
    ])
    func parsesAndFormats(text: String, iso: String) {
        #expect(SnapshotTime(parsing: text)?.iso8601 == iso)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01 00:00", "2024-01-01 24:00", "2024-01-01 1", "abc", "", "2024-01-01 00:00:00:00", "12345-01-01"])
    func refusesNonDates(text: String) {
        #expect(SnapshotTime(parsing: text) == nil)
    }

    @Test func epochRoundTripsInBeijingTime() throws {
        let time = try #require(SnapshotTime(parsing: "2024-03-25 11:52:00"))
        #expect(time.epochSeconds == 1_711_338_720)
        #expect(SnapshotTime(epochSeconds: time.epochSeconds) == time)
        #expect(SnapshotTime(epochSeconds: 0).iso8601 == "1970-01-01T08:00:00+08:00")
    }
}
