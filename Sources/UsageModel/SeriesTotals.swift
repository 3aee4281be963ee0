/// What has been counted for one series.
public struct SeriesTotals: Equatable, Sendable {
    public var tokens = TokenCounts.zero
    public var costUSD: Double = 0
    public var requests: UInt64 = 0
    /// False while every request of the series lacked a price: its cost series is then
    /// withheld rather than shown as a silent zero (`llm_usage_unpriced_requests_total` says why).
    public var hasCost = false

    public init() {}
}
