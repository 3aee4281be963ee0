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

extension TimeBucketKey: SlotKey {
    /// No series has id `UInt32.max` (ids stop at ``DedupEntry/maxSeries``).
    package static var vacant: TimeBucketKey { TimeBucketKey(quarter: .min, series: .max, branch: .max) }

    /// The three fields mixed (splitmix64's finaliser), without `Hasher`'s seeded rounds.
    @inline(__always)
    package var mixedHash: UInt64 {
        var hash = UInt64(bitPattern: quarter) &* 0x9E37_79B9_7F4A_7C15
        hash ^= (UInt64(series) << 32 | UInt64(branch)) &* 0xC2B2_AE3D_27D4_EB4F
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }
}
