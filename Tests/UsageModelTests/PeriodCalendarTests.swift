import Testing
import UsageModel

/// Calendar periods in several zones, with DST changes, half-hour offsets and both week starts.
@Suite struct PeriodCalendarTests {
    /// Unix milliseconds of a UTC time.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        var days = 0
        for y in 1970..<year { days += (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365 }
        let lengths = [
            31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        for m in 0..<(month - 1) { days += lengths[m] }
        days += day - 1
        return (Int64(days) * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60) * 1000
    }

    private func interval(_ zone: String, _ period: Period, _ now: Int64, monday: Bool = true) -> (Int64, Int64) {
        let calendar = PeriodCalendar(zoneName: zone, weekStartsMonday: monday)!
        let result = calendar.interval(of: period, at: now)
        return (result.start, result.end)
    }

    @Test func utcDayWeekAndMonth() {
        let now = Self.utc(2025, 3, 5, 10)  // a Wednesday
        #expect(interval("UTC", .day, now) == (Self.utc(2025, 3, 5), Self.utc(2025, 3, 6)))
        #expect(interval("UTC", .week, now) == (Self.utc(2025, 3, 3), Self.utc(2025, 3, 10)))
        #expect(interval("UTC", .week, now, monday: false) == (Self.utc(2025, 3, 2), Self.utc(2025, 3, 9)))
        #expect(interval("UTC", .month, now) == (Self.utc(2025, 3, 1), Self.utc(2025, 4, 1)))
        // A Sunday: the week that began on Monday, or the one that begins that day.
        let sunday = Self.utc(2025, 3, 9, 12)
        #expect(interval("UTC", .week, sunday).0 == Self.utc(2025, 3, 3))
        #expect(interval("UTC", .week, sunday, monday: false).0 == Self.utc(2025, 3, 9))
    }

    @Test func newYorkAcrossDaylightSavingChanges() {
        // 2024-03-10: clocks go from 02:00 EST to 03:00 EDT, a 23-hour day.
        let spring = Self.utc(2024, 3, 10, 12)
        #expect(interval("America/New_York", .day, spring) == (Self.utc(2024, 3, 10, 5), Self.utc(2024, 3, 11, 4)))
        // 2024-11-03: back from 02:00 EDT to 01:00 EST, a 25-hour day.
        let fall = Self.utc(2024, 11, 3, 12)
        #expect(interval("America/New_York", .day, fall) == (Self.utc(2024, 11, 3, 4), Self.utc(2024, 11, 4, 5)))
        // The week of the spring change starts on Monday at EST midnight.
        #expect(interval("America/New_York", .week, spring).0 == Self.utc(2024, 3, 4, 5))
        // Just before local midnight it is still the previous day.
        #expect(interval("America/New_York", .day, Self.utc(2024, 3, 11, 3, 59)).0 == Self.utc(2024, 3, 10, 5))
    }

    @Test func kolkataHasAHalfHourOffset() {
        // 20:00 UTC is 01:30 the next day in Kolkata (+5:30).
        let now = Self.utc(2025, 3, 5, 20)
        #expect(interval("Asia/Kolkata", .day, now) == (Self.utc(2025, 3, 5, 18, 30), Self.utc(2025, 3, 6, 18, 30)))
        // The month ends at local midnight: 18:30 UTC on the last day.
        let lastEvening = Self.utc(2025, 1, 31, 19)
        #expect(
            interval("Asia/Kolkata", .month, lastEvening) == (
                Self.utc(2025, 1, 31, 18, 30), Self.utc(2025, 2, 28, 18, 30)
            ))
        #expect(interval("UTC", .month, lastEvening) == (Self.utc(2025, 1, 1), Self.utc(2025, 2, 1)))
    }

    @Test func monthEndsAndLeapYears() {
        #expect(interval("UTC", .month, Self.utc(2024, 2, 29, 23, 59)) == (Self.utc(2024, 2, 1), Self.utc(2024, 3, 1)))
        #expect(
            interval("UTC", .month, Self.utc(2024, 12, 31, 23, 59)) == (Self.utc(2024, 12, 1), Self.utc(2025, 1, 1)))
    }

    @Test func unknownZonesAreRefused() {
        #expect(PeriodCalendar(zoneName: "Mars/Olympus_Mons") == nil)
        #expect(PeriodCalendar(zoneName: "Europe/Berlin") != nil)
    }
}
