/// The five-hour block in progress, with its burn rate and where it is heading.
public struct ActiveBlock: Equatable, Sendable {
    public var startMillis: Int64
    public var endMillis: Int64
    public var tokens: UInt64
    public var costUSD: Double
    /// Between the block's first and last request; nil while they are the same instant.
    public var burnUSDPerHour: Double?
    public var burnTokensPerMinute: Double?
    /// Current plus rate times the minutes left; nil without a rate.
    public var projectedCostUSD: Double?
    public var projectedTokens: Double?
}
