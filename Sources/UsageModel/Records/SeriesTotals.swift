/// What has been counted for one series.
package struct SeriesTotals: Equatable, Sendable {
    package var tokens = TokenCounts.zero
    package var costUSD: Double = 0
    package var requests: UInt64 = 0
    /// False while every request of the series lacked a price: its cost series is then
    /// withheld rather than shown as a silent zero (`llm_usage_unpriced_requests_total` says why).
    package var hasCost = false
    /// Lines that repeated a request of this series (summed per source in ``UsageCounters/health``).
    package var duplicateLines: UInt64 = 0
    /// Newest usage timestamp of the series, in Unix milliseconds; `Int64.min` before the first.
    package var lastEventMillis = Int64.min
    /// Oldest usage timestamp of the series, in Unix milliseconds; `Int64.max` before the first
    /// (OpenMetrics' `_created`: the counter was 0 before it).
    package var firstEventMillis = Int64.max

    package init() {}

    /// For a state saved before the oldest events were: the newest stands in (older than any
    /// scrape since, so `_created` never reads as a reset).
    mutating func assumeFirstEventIsTheLast() {
        firstEventMillis = lastEventMillis == .min ? .max : lastEventMillis
    }

    /// Adds another series' totals (series summed when labels are dropped).
    package mutating func absorb(_ other: SeriesTotals) {
        tokens += other.tokens
        costUSD += other.costUSD
        requests += other.requests
        hasCost = hasCost || other.hasCost
        duplicateLines += other.duplicateLines
        lastEventMillis = max(lastEventMillis, other.lastEventMillis)
        firstEventMillis = min(firstEventMillis, other.firstEventMillis)
    }
}
