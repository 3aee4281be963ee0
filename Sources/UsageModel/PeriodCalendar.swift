public import Foundation

/// Where the current day, week and month begin and end in a time zone, across DST changes.
public struct PeriodCalendar: Sendable {
    public let timeZone: TimeZone
    public let weekStartsMonday: Bool
    private let calendar: Calendar

    public init(timeZone: TimeZone, weekStartsMonday: Bool = true) {
        self.timeZone = timeZone
        self.weekStartsMonday = weekStartsMonday
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = weekStartsMonday ? 2 : 1
        calendar.minimumDaysInFirstWeek = 1
        self.calendar = calendar
    }

    /// A zone by IANA name (`Europe/Berlin`, `UTC`); nil for a name the system does not know.
    public init?(zoneName: String, weekStartsMonday: Bool = true) {
        guard let zone = TimeZone(identifier: zoneName) else { return nil }
        self.init(timeZone: zone, weekStartsMonday: weekStartsMonday)
    }

    /// The system's zone (`TZ`, else `/etc/localtime`).
    public static func system(weekStartsMonday: Bool = true) -> PeriodCalendar {
        PeriodCalendar(timeZone: .current, weekStartsMonday: weekStartsMonday)
    }

    /// The zone's name, for logs and the landing page.
    public var zoneName: String { timeZone.identifier }

    /// The period holding `millis`, as Unix milliseconds `[start, end)`.
    public func interval(of period: Period, at millis: Int64) -> (start: Int64, end: Int64) {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let component: Calendar.Component =
            switch period {
            case .day: .day
            case .week: .weekOfYear
            case .month: .month
            }
        guard let interval = calendar.dateInterval(of: component, for: date) else { return (millis, millis) }
        return (Self.millis(interval.start), Self.millis(interval.end))
    }

    private static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
