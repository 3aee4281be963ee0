/// One request's usage as a decoder read it, before deduplication and pricing.
public struct UsageRecord: Equatable, Sendable {
    /// The series it counts in (from ``UsageLedger/intern(_:)``).
    public var series: SeriesID
    public var tokens: TokenCounts
    /// The cost the line itself reported (`costUSD`), used in cost modes auto and display.
    public var reportedCostUSD: Double?
    public var timestampMillis: Int64
    /// Hash of (message id, request id); nil for records that are never deduplicated.
    public var dedupKey: UInt64?
    public var isSidechain: Bool
    public var isFast: Bool
    /// The session it belongs to (from ``UsageLedger/internSession(_:)``), if the log says.
    public var session: SessionID?
    /// Its git branch (from ``UsageLedger/internBranch(_:)``); 0 when unknown.
    public var branch: UInt32

    public init(
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
