/// One row of a period report: a period (its local start date) and group values, with totals.
package struct ReportRow: Equatable, Sendable {
    /// `YYYY-MM-DD` of the period's first day in the report's zone.
    package var period: String
    /// Values of the `--group-by` labels, in their order.
    package var groups: [String]
    package var tokens = TokenCounts.zero
    package var costUSD: Double = 0
    package var requests: UInt64 = 0

    package init(period: String, groups: [String]) {
        self.period = period
        self.groups = groups
    }
}
