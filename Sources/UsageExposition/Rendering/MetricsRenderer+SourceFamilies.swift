import UsageModel

extension MetricsRenderer {
    /// Application cache lookups and team usage capture failures: shown once a source that
    /// brings them is configured (at zero), or once they have data.
    static func renderEvents(
        _ out: inout ExpositionBuilder, _ counters: UsageCounters, sourceFamilies: SourceFamilies,
        dropping: Set<SeriesLabel>
    ) {
        if !counters.cacheLookups.isEmpty || sourceFamilies.isShown(.cacheLookups) {
            var lookups: [CacheLookupKey: UInt64] = [:]
            for (key, count) in counters.cacheLookups {
                var labels = key
                if dropping.contains(.provider) { labels.provider = "" }
                if dropping.contains(.appService) { labels.appService = "" }
                lookups[labels, default: 0] += count
            }
            out.add(.cacheLookups) { out in
                for key in lookups.keys.sorted() {
                    var labels = [("source", key.source)]
                    if !dropping.contains(.provider) { labels.append(("provider", key.provider)) }
                    if !dropping.contains(.appService) { labels.append(("app_service", key.appService)) }
                    labels.append(("result", key.result))
                    out.sample(.cacheLookups, pairs: labels, lookups[key]!)
                }
            }
        }

        let failureSources = Set(counters.captureFailures.keys.map(\.source))
            .union(sourceFamilies.sources(bringing: .captureFailures))
        if !failureSources.isEmpty {
            out.add(.captureFailures) { out in
                for source in failureSources.sorted() {
                    for reason in CaptureFailureReason.allCases.sorted() {
                        let count = counters.captureFailures[CaptureFailureKey(source: source, reason: reason)] ?? 0
                        out.sample(.captureFailures, pairs: [("source", source), ("reason", reason.rawValue)], count)
                    }
                }
            }
        }
    }

    /// The prompt audits' families, present once the prompt audit source is configured.
    static func renderEstimation(
        _ out: inout ExpositionBuilder, _ counters: UsageCounters, sourceFamilies: SourceFamilies
    ) {
        let estimation = counters.estimation
        guard estimation.count > 0 || estimation.unmatched > 0 || sourceFamilies.isShown(.estimationError) else {
            return
        }
        out.add(.estimatedTokens) { $0.sample(.estimatedTokens, estimation.estimatedTokens) }
        out.add(.estimationActualTokens) { $0.sample(.estimationActualTokens, estimation.actualTokens) }
        out.add(.estimationError) { out in
            for (bound, count) in zip(
                EstimationStats.bounds.map(ExpositionWriter.format) + ["+Inf"], estimation.cumulativeCounts)
            {
                out.sample(.estimationError, suffix: "_bucket", ["le": bound], count)
            }
            out.sample(.estimationError, suffix: "_sum", estimation.sum)
            out.sample(.estimationError, suffix: "_count", estimation.count)
        }
        out.add(.estimationUnmatched) { $0.sample(.estimationUnmatched, UInt64(estimation.unmatched)) }
        out.add(.estimationUnmatchedDropped) { $0.sample(.estimationUnmatchedDropped, estimation.unmatchedDropped) }
    }
}
