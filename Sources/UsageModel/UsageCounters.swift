/// Every counter the exporter exposes: the part of the ledger a snapshot copies.
///
/// A value type of a few arrays, so publishing a snapshot is a copy-on-write reference
/// copy and a scrape never sees half an update.
public struct UsageCounters: Equatable, Sendable {
    /// Series labels, indexed by ``SeriesID``.
    public internal(set) var seriesKeys: [SeriesKey] = []
    /// Totals, indexed by ``SeriesID``.
    public internal(set) var totals: [SeriesTotals] = []
    public internal(set) var unpriced: [UnpricedKey: UInt64] = [:]
    /// Health by source name. A source appears as soon as it is configured, so its
    /// zero-valued health series are exported before any data arrives.
    public var health: [String: SourceHealth] = [:]

    public init() {}

    /// Sums per model and token type over all projects, for checks and reports.
    public func tokensByModel(source: String? = nil) -> [String: TokenCounts] {
        var result: [String: TokenCounts] = [:]
        for (index, key) in seriesKeys.enumerated() where source == nil || key.source == source {
            result[key.model, default: .zero] += totals[index].tokens
        }
        return result
    }

    /// Total cost over every series.
    public var totalCostUSD: Double {
        totals.reduce(0) { $0 + $1.costUSD }
    }
}
