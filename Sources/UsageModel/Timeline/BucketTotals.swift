/// Usage counted in one ``TimeBucketKey``, with the times of its first and last request.
package struct BucketTotals: Equatable, Sendable {
    package var tokens = TokenCounts.zero
    package var costUSD: Double = 0
    package var requests: UInt64 = 0
    /// Unix milliseconds of the earliest and latest request in the bucket.
    package var firstMillis = Int64.max
    package var lastMillis = Int64.min

    package init() {}

    mutating func add(_ other: BucketTotals) {
        tokens += other.tokens
        costUSD += other.costUSD
        requests += other.requests
        firstMillis = min(firstMillis, other.firstMillis)
        lastMillis = max(lastMillis, other.lastMillis)
    }
}
