/// A wall-clock time in a zone, as the C library's `struct tm` holds it (fields may be out of
/// range when given to ``SystemZone/seconds(of:zone:)``, which normalises them: day 0 is the
/// last day of the month before).
package struct LocalTime: Equatable, Sendable {
    package var year: Int
    /// 1 to 12.
    package var month: Int
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int
    /// 0 for Sunday to 6 for Saturday.
    package var weekday: Int

    package init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, weekday: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.weekday = weekday
    }
}
