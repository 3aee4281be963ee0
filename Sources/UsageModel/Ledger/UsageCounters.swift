/// Every counter the exporter exposes: the part of the ledger a snapshot copies.
///
/// A value type of a few arrays, so publishing a snapshot is a copy-on-write reference
/// copy and a scrape never sees half an update.
package struct UsageCounters: Equatable, Sendable {
    /// Series labels, indexed by ``SeriesID``.
    package internal(set) var seriesKeys: [SeriesKey] = []
    /// Totals, indexed by ``SeriesID``.
    package internal(set) var totals: [SeriesTotals] = []
    /// Per-request cost and token histograms, indexed by ``SeriesID``.
    package internal(set) var histograms: [RequestHistograms] = []
    package internal(set) var unpriced: [UnpricedKey: UInt64] = [:]
    /// Team usage hooks that could not capture a session, by source and reason.
    package internal(set) var captureFailures: [CaptureFailureKey: UInt64] = [:]
    /// Application cache lookups (hits cost nothing and are not requests).
    package internal(set) var cacheLookups: [CacheLookupKey: UInt64] = [:]
    /// Tools, edits, prompts, API errors, sessions and per-agent usage.
    package internal(set) var activity = ActivityCounters()
    /// Prompt audits' estimation error.
    package internal(set) var estimation = EstimationStats()
    /// Distinct requests in the dedup table, and the bytes it holds: memory grows with these,
    /// not with the bytes of history.
    package internal(set) var dedupEntries = 0
    package internal(set) var dedupBytes = 0
    /// False while the last change of a price file could not be read and the old prices stay
    /// (not saved: it is the configuration's).
    package internal(set) var lastPriceLoadSuccessful = true
    /// The state's saves, nil without `--state.dir` (not saved: it is this process's).
    package var stateSaves: StateSaveHealth?
    /// File events, nil when the files are polled (`--source.watch=poll`).
    package var fileEvents: FileEventHealth?
    /// Health kept per source; the per-record figures (duplicates, last event) live on the
    /// series, so counting a line never looks a source up by name.
    var sourceHealth: [String: SourceHealth] = [:]

    /// Health by source name, with the per-series figures summed in. A source appears as soon
    /// as it is configured, so its zero-valued health series are exported before any data.
    package var health: [String: SourceHealth] {
        var result = sourceHealth
        for (index, key) in seriesKeys.enumerated() {
            let totals = self.totals[index]
            result[key.source, default: SourceHealth()].duplicateLines += totals.duplicateLines
            if totals.lastEventMillis != .min {
                let previous = result[key.source]?.lastEventMillis ?? .min
                result[key.source]?.lastEventMillis = max(previous, totals.lastEventMillis)
            }
        }
        return result
    }

    package init() {}

    /// Sums per model and token type over all projects, for checks and reports.
    package func tokensByModel(source: String? = nil) -> [String: TokenCounts] {
        var result: [String: TokenCounts] = [:]
        for (index, key) in seriesKeys.enumerated() where source == nil || key.source == source {
            result[key.model, default: .zero] += totals[index].tokens
        }
        return result
    }

    /// The series sorted by labels, with the `dropped` labels emptied and the series that then
    /// share their labels summed (`--label.drop`).
    package func series(dropping dropped: Set<SeriesLabel> = []) -> [(key: SeriesKey, totals: SeriesTotals)] {
        if dropped.isEmpty {
            return seriesKeys.indices.sorted { seriesKeys[$0] < seriesKeys[$1] }.map { (seriesKeys[$0], totals[$0]) }
        }
        var merged: [SeriesKey: SeriesTotals] = [:]
        for (index, key) in seriesKeys.enumerated() {
            merged[key.dropping(dropped), default: SeriesTotals()].absorb(totals[index])
        }
        return merged.keys.sorted().map { ($0, merged[$0]!) }
    }

    /// The per-request histograms summed by `{source, provider, model}`, with their oldest event.
    package var requestHistograms: [(key: RequestHistogramKey, histograms: RequestHistograms, firstEventMillis: Int64)]
    {
        var merged: [RequestHistogramKey: (RequestHistograms, Int64)] = [:]
        for (index, key) in seriesKeys.enumerated() where histograms[index].tokens.count > 0 {
            let label = RequestHistogramKey(source: key.source, provider: key.provider, model: key.model)
            merged[label, default: (RequestHistograms(), .max)].0.absorb(histograms[index])
            merged[label]!.1 = min(merged[label]!.1, totals[index].firstEventMillis)
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.0, merged[$0]!.1) }
    }

    /// Total cost over every series.
    package var totalCostUSD: Double {
        totals.reduce(0) { $0 + $1.costUSD }
    }
}
