/// How far prompt audits' token estimates were from the actual counts: the histogram
/// `llm_usage_estimation_error_ratio` and the two token counters beside it.
package struct EstimationStats: Equatable, Sendable {
    /// Upper bounds of the histogram buckets (`+Inf` is implied).
    package static let bounds: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]

    /// Observations per bucket, not cumulative: index `bounds.count` is above the last bound.
    package internal(set) var bucketCounts = [UInt64](repeating: 0, count: EstimationStats.bounds.count + 1)
    package internal(set) var sum: Double = 0
    package internal(set) var count: UInt64 = 0
    package internal(set) var estimatedTokens: UInt64 = 0
    package internal(set) var actualTokens: UInt64 = 0
    /// Audits waiting for the usage record that carries their actual count.
    package internal(set) var unmatched = 0
    /// Audits dropped from a full waiting buffer, oldest first.
    package internal(set) var unmatchedDropped: UInt64 = 0

    package init() {}

    /// Records one audit; `actual` must be positive.
    mutating func observe(estimated: UInt64, actual: UInt64) {
        let ratio = Double(estimated > actual ? estimated - actual : actual - estimated) / Double(actual)
        let bucket = EstimationStats.bounds.firstIndex { ratio <= $0 } ?? EstimationStats.bounds.count
        bucketCounts[bucket] += 1
        sum += ratio
        count += 1
        estimatedTokens &+= estimated
        actualTokens &+= actual
    }

    /// Cumulative counts per bound, `+Inf` last, as the exposition writes them.
    package var cumulativeCounts: [UInt64] {
        var running: UInt64 = 0
        return bucketCounts.map { count in
            running += count
            return running
        }
    }
}
