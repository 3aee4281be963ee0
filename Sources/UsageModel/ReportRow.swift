/// One row of a period report: a period (its local start date) and group values, with totals.
public struct ReportRow: Equatable, Sendable {
    /// `YYYY-MM-DD` of the period's first day in the report's zone.
    public var period: String
    /// Values of the `--group-by` labels, in their order.
    public var groups: [String]
    public var tokens = TokenCounts.zero
    public var costUSD: Double = 0
    public var requests: UInt64 = 0

    public init(period: String, groups: [String]) {
        self.period = period
        self.groups = groups
    }
}
