/// Usage counted in one ``TimeBucketKey``, with the times of its first and last request.
public struct BucketTotals: Equatable, Sendable {
    public var tokens = TokenCounts.zero
    public var costUSD: Double = 0
    public var requests: UInt64 = 0
    /// Unix milliseconds of the earliest and latest request in the bucket.
    public var firstMillis = Int64.max
    public var lastMillis = Int64.min

    public init() {}

    mutating func add(_ other: BucketTotals) {
        tokens += other.tokens
        costUSD += other.costUSD
        requests += other.requests
        firstMillis = min(firstMillis, other.firstMillis)
        lastMillis = max(lastMillis, other.lastMillis)
    }
}
