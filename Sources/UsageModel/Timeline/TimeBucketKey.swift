/// A quarter hour of one series on one git branch: the grain of the usage history.
///
/// Quarter hours in UTC, because every time zone's midnight falls on one (Kolkata's +5:30,
/// Kathmandu's +5:45): calendar periods in any zone are exact sums of these buckets.
package struct TimeBucketKey: Hashable, Sendable {
    package var quarter: Int64
    package var series: SeriesID
    package var branch: UInt32

    package static let quarterMillis: Int64 = 900_000

    package init(quarter: Int64, series: SeriesID, branch: UInt32) {
        self.quarter = quarter
        self.series = series
        self.branch = branch
    }

    /// The quarter hour holding a Unix time in milliseconds.
    package static func quarter(of millis: Int64) -> Int64 {
        millis >= 0 ? millis / quarterMillis : (millis - quarterMillis + 1) / quarterMillis
    }
}
