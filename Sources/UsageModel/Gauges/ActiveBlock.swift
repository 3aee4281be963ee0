/// The five-hour block in progress, with its burn rate and where it is heading.
package struct ActiveBlock: Equatable, Sendable {
    package var startMillis: Int64
    package var endMillis: Int64
    package var tokens: UInt64
    package var costUSD: Double
    /// Between the block's first and last request; nil while they are the same instant.
    package var burnUSDPerHour: Double?
    package var burnTokensPerMinute: Double?
    /// Current plus rate times the minutes left; nil without a rate.
    package var projectedCostUSD: Double?
    package var projectedTokens: Double?
}
