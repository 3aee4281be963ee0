/// A quarter hour of one series on one git branch: the grain of the usage history.
///
/// Quarter hours in UTC, because every time zone's midnight falls on one (Kolkata's +5:30,
/// Kathmandu's +5:45): calendar periods in any zone are exact sums of these buckets.
public struct TimeBucketKey: Hashable, Sendable {
    public var quarter: Int64
    public var series: SeriesID
    public var branch: UInt32

    public static let quarterMillis: Int64 = 900_000

    public init(quarter: Int64, series: SeriesID, branch: UInt32) {
        self.quarter = quarter
        self.series = series
        self.branch = branch
    }

    /// The quarter hour holding a Unix time in milliseconds.
    public static func quarter(of millis: Int64) -> Int64 {
        millis >= 0 ? millis / quarterMillis : (millis - quarterMillis + 1) / quarterMillis
    }
}
