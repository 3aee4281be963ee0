/// What has been counted for one series.
public struct SeriesTotals: Equatable, Sendable {
    public var tokens = TokenCounts.zero
    public var costUSD: Double = 0
    public var requests: UInt64 = 0
    /// False while every request of the series lacked a price: its cost series is then
    /// withheld rather than shown as a silent zero (`llm_usage_unpriced_requests_total` says why).
    public var hasCost = false
    /// Lines that repeated a request of this series (summed per source in ``UsageCounters/health``).
    public var duplicateLines: UInt64 = 0
    /// Newest usage timestamp of the series, in Unix milliseconds; `Int64.min` before the first.
    public var lastEventMillis = Int64.min

    public init() {}

    /// Adds another series' totals (series summed when labels are dropped).
    public mutating func absorb(_ other: SeriesTotals) {
        tokens += other.tokens
        costUSD += other.costUSD
        requests += other.requests
        hasCost = hasCost || other.hasCost
        duplicateLines += other.duplicateLines
        lastEventMillis = max(lastEventMillis, other.lastEventMillis)
    }
}
