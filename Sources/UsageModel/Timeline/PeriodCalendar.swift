import UsageSystem

/// Where the current day, week and month begin and end in a time zone, across DST changes,
/// from the system's zone database (``SystemZone``).
package struct PeriodCalendar: Sendable {
    /// The IANA name, or nil for the system's zone (`TZ` as the process started, else `/etc/localtime`).
    package let zoneName: String?
    package let weekStartsMonday: Bool

    /// A zone by IANA name (`Europe/Berlin`, `UTC`); nil for a name the zone database lacks.
    package init?(zoneName: String, weekStartsMonday: Bool = true) {
        guard SystemZone.exists(zoneName) else { return nil }
        self.zoneName = zoneName
        self.weekStartsMonday = weekStartsMonday
    }

    private init(system weekStartsMonday: Bool) {
        self.zoneName = nil
        self.weekStartsMonday = weekStartsMonday
    }

    /// The system's zone.
    package static func system(weekStartsMonday: Bool = true) -> PeriodCalendar {
        PeriodCalendar(system: weekStartsMonday)
    }

    /// The period holding `millis`, as Unix milliseconds `[start, end)`.
    package func interval(of period: Period, at millis: Int64) -> (start: Int64, end: Int64) {
        let local = SystemZone.local(atSeconds: PeriodCalendar.seconds(millis), zone: zoneName)
        var start = LocalTime(year: local.year, month: local.month, day: local.day)
        switch period {
        case .day: break
        case .week:
            let first = weekStartsMonday ? 1 : 0
            start.day -= (local.weekday - first + 7) % 7
        case .month: start.day = 1
        }
        var end = start
        switch period {
        case .day: end.day += 1
        case .week: end.day += 7
        case .month: end.month += 1
        }
        return (
            SystemZone.seconds(of: start, zone: zoneName) * 1000, SystemZone.seconds(of: end, zone: zoneName) * 1000
        )
    }

    /// The local calendar date (year, month, day) at `millis`.
    package func date(at millis: Int64) -> (year: Int, month: Int, day: Int) {
        let local = SystemZone.local(atSeconds: PeriodCalendar.seconds(millis), zone: zoneName)
        return (local.year, local.month, local.day)
    }

    /// `YYYY-MM-DD` of a calendar date.
    package static func isoDate(_ date: (year: Int, month: Int, day: Int)) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }

    /// Local midnight of a calendar date, in Unix milliseconds.
    package func midnight(year: Int, month: Int, day: Int) -> Int64 {
        SystemZone.seconds(of: LocalTime(year: year, month: month, day: day), zone: zoneName) * 1000
    }

    /// Unix seconds, rounded down, of a time in milliseconds.
    private static func seconds(_ millis: Int64) -> Int64 {
        let clamped = min(max(millis, -(1 << 52)), 1 << 52)
        return clamped >= 0 ? clamped / 1000 : (clamped - 999) / 1000
    }
}
