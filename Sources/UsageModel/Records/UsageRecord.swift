/// One request's usage as a decoder read it, before deduplication and pricing.
package struct UsageRecord: Equatable, Sendable {
    /// The series it counts in (from ``UsageLedger/intern(_:)``).
    package var series: SeriesID
    package var tokens: TokenCounts
    /// The cost the line itself reported (`costUSD`), used in cost modes auto and display.
    package var reportedCostUSD: Double?
    package var timestampMillis: Int64
    /// Hash of (message id, request id); nil for records that are never deduplicated.
    package var dedupKey: UInt64?
    package var isSidechain: Bool
    package var isFast: Bool
    /// The session it belongs to (from ``UsageLedger/internSession(_:)``), if the log says.
    package var session: SessionID?
    /// Its git branch (from ``UsageLedger/internBranch(_:)``); 0 when unknown.
    package var branch: UInt32

    package init(
        series: SeriesID, tokens: TokenCounts, reportedCostUSD: Double? = nil, timestampMillis: Int64,
        dedupKey: UInt64?, isSidechain: Bool = false, isFast: Bool = false, session: SessionID? = nil,
        branch: UInt32 = 0
    ) {
        self.session = session
        self.branch = branch
        self.series = series
        self.tokens = tokens
        self.reportedCostUSD = reportedCostUSD
        self.timestampMillis = timestampMillis
        self.dedupKey = dedupKey
        self.isSidechain = isSidechain
        self.isFast = isFast
    }
}
