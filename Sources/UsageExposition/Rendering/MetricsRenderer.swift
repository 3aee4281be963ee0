package import UsageModel
package import UsageSystem

/// Renders a snapshot as Prometheus text format 0.0.4 or OpenMetrics, in canonical order:
/// families sorted by name (``ExpositionBuilder``), series by label values, so the same state
/// always gives the same bytes.
package enum MetricsRenderer {
    package static let contentType = ExpositionFormat.text.contentType

    /// The whole exposition: the usage families, the time-derived gauges, readiness, then the
    /// process metrics when given (and `# EOF` in OpenMetrics).
    package static func render(
        _ snapshot: UsageSnapshot, process: ProcessMetrics?, dropping: Set<SeriesLabel> = [],
        sourceFamilies: SourceFamilies = SourceFamilies(), format: ExpositionFormat = .text
    ) -> [UInt8] {
        var bytes = renderUsage(snapshot.counters, dropping: dropping, sourceFamilies: sourceFamilies, format: format)
        bytes += renderViews(snapshot.views, dropping: dropping, format: format)
        bytes += renderReady(snapshot.ready, format: format)
        if let process { bytes += renderProcess(process, format: format) }
        if format == .openMetrics { bytes += ExpositionWriter.openMetricsEnd }
        return bytes
    }

    /// The usage and health families: rendered once per change of the counters, not per scrape.
    /// Labels in `dropping` are left out of every family, the series that then coincide summed.
    /// `sourceFamilies` names the families that configured sources bring (shown at zero);
    /// `births` holds new series at 0 (``SeriesBirths``).
    package static func renderUsage(
        _ counters: UsageCounters, dropping: Set<SeriesLabel> = [], sourceFamilies: SourceFamilies = SourceFamilies(),
        format: ExpositionFormat = .text, births: SeriesBirths? = nil
    ) -> [UInt8] {
        var out = ExpositionBuilder(format: format, births: births)
        let health = counters.health.keys.sorted().map { ($0, counters.health[$0]!) }
        let series = counters.series(dropping: dropping)
        let seriesBytes = series.count * 200

        perSource(&out, health, .bytesRead) { $0.bytesRead }
        renderActivity(&out, counters.activity, dropping: dropping)
        renderEvents(&out, counters, sourceFamilies: sourceFamilies, dropping: dropping)
        out.add(.cost, capacity: seriesBytes) { out in
            for (key, totals) in series where totals.hasCost {
                let labels = key.labelPairs
                out.sample(.cost, pairs: labels, totals.costUSD)
                out.created(.cost, pairs: labels, millis: totals.firstEventMillis)
            }
        }
        out.add(.dedupMemory) { $0.sample(.dedupMemory, UInt64(counters.dedupBytes)) }
        out.add(.dedupRequests) { $0.sample(.dedupRequests, UInt64(counters.dedupEntries)) }
        perSource(&out, health, .duplicateLines) { $0.duplicateLines }
        renderEstimation(&out, counters, sourceFamilies: sourceFamilies)
        out.add(.buildInfo) {
            $0.sample(
                .buildInfo,
                [
                    "branch": ExporterVersion.branch, "revision": ExporterVersion.revision,
                    "swiftversion": ExporterVersion.swiftVersion, "version": ExporterVersion.version,
                ], UInt64(1))
        }
        perReason(&out, health, .fileResets) { (health, reason: FileResetReason) in health[reason] }
        perSource(&out, health, .filesForgotten) { $0.filesForgotten }
        perSource(&out, health, .filesWatched) { UInt64($0.filesWatched) }
        out.add(.lastEvent) { out in
            for (source, h) in health {
                if let millis = h.lastEventMillis { out.sample(.lastEvent, ["source": source], Double(millis) / 1000) }
            }
        }
        perSource(&out, health, .linesRead) { $0.linesRead }
        perReason(&out, health, .linesRejected) { (health, reason: RejectReason) in health[reason] }
        out.add(.pricesLoaded) { $0.sample(.pricesLoaded, UInt64(counters.lastPriceLoadSuccessful ? 1 : 0)) }
        renderRequestHistograms(&out, counters, dropping: dropping)
        out.add(.requests, capacity: seriesBytes) { out in
            for (key, totals) in series {
                let labels = key.labelPairs
                out.sample(.requests, pairs: labels, totals.requests)
                out.created(.requests, pairs: labels, millis: totals.firstEventMillis)
            }
        }
        perReason(&out, health, .sourceErrors) { (health, reason: SourceErrorReason) in health[reason] }
        out.add(.tokens, capacity: seriesBytes * 4) { out in
            for (key, totals) in series {
                var labels = key.labelPairs
                labels.append(("token_type", ""))
                for type in TokenType.sortedByLabel {
                    labels[labels.count - 1].1 = type.rawValue
                    out.sample(.tokens, pairs: labels, totals.tokens[type])
                    out.created(.tokens, pairs: labels, millis: totals.firstEventMillis)
                }
            }
        }
        if let events = counters.fileEvents {
            out.add(.fileEventsLost) { out in
                out.sample(.fileEventsLost, ["reason": "overflow"], events.overflows)
                out.sample(.fileEventsLost, ["reason": "watch_limit"], events.watchLimits)
            }
        }
        if let saves = counters.stateSaves {
            out.add(.stateLastSave) { $0.sample(.stateLastSave, saves.lastSuccessSeconds) }
            out.add(.stateSaveFailures) { out in
                for reason in StateSaveFailureReason.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                    out.sample(.stateSaveFailures, ["reason": reason.rawValue], saves[reason])
                }
            }
        }
        out.add(.unpriced) { out in
            for key in counters.unpriced.keys.sorted() {
                out.sample(.unpriced, ["source": key.source, "model": key.model], counters.unpriced[key]!)
            }
        }
        return out.bytes
    }

    /// `llm_usage_exporter_ready`: 0 until the first catch-up has read every source, then 1
    /// (what `/-/ready` says, for alert rules).
    package static func renderReady(_ ready: Bool, format: ExpositionFormat = .text) -> [UInt8] {
        switch format {
        case .text: ready ? readyBytes : notReadyBytes
        case .openMetrics: ready ? readyOpenMetrics : notReadyOpenMetrics
        }
    }

    private static let readyBytes = readyFamily(1, .text)
    private static let notReadyBytes = readyFamily(0, .text)
    private static let readyOpenMetrics = readyFamily(1, .openMetrics)
    private static let notReadyOpenMetrics = readyFamily(0, .openMetrics)

    private static func readyFamily(_ value: UInt64, _ format: ExpositionFormat) -> [UInt8] {
        var out = ExpositionBuilder(format: format)
        out.add(.ready) { $0.sample(.ready, value) }
        return out.bytes
    }

    /// The standard `process_*` families, read at scrape time.
    package static func renderProcess(_ process: ProcessMetrics, format: ExpositionFormat = .text) -> [UInt8] {
        var out = ExpositionBuilder(format: format)
        out.add(.processCPU) { $0.sample(.processCPU, process.cpuSeconds) }
        out.add(.processMaxFDs) { $0.sample(.processMaxFDs, process.maxFDs) }
        out.add(.processOpenFDs) { $0.sample(.processOpenFDs, process.openFDs) }
        out.add(.processResident) { $0.sample(.processResident, process.residentBytes) }
        out.add(.processStart) { $0.sample(.processStart, process.startTimeSeconds) }
        out.add(.processVirtual) { $0.sample(.processVirtual, process.virtualBytes) }
        out.add(.processVirtualMax) { $0.sample(.processVirtualMax, process.virtualMaxBytes) }
        return out.bytes
    }

    /// A family with one sample per source.
    private static func perSource(
        _ out: inout ExpositionBuilder, _ health: [(String, SourceHealth)], _ family: Family,
        _ value: (SourceHealth) -> UInt64
    ) {
        out.add(family) { out in
            for (source, h) in health { out.sample(family, ["source": source], value(h)) }
        }
    }

    /// A counter family with one sample per source and reason, every reason present (0 included).
    private static func perReason<Reason: CaseIterable & RawRepresentable>(
        _ out: inout ExpositionBuilder, _ health: [(String, SourceHealth)], _ family: Family,
        _ value: (SourceHealth, Reason) -> UInt64
    ) where Reason.RawValue == String {
        let reasons = Reason.allCases.sorted { $0.rawValue < $1.rawValue }
        out.add(family) { out in
            for (source, h) in health {
                for reason in reasons {
                    out.sample(family, pairs: [("source", source), ("reason", reason.rawValue)], value(h, reason))
                }
            }
        }
    }

    /// Cost and tokens per request, by source, provider and model.
    private static func renderRequestHistograms(
        _ out: inout ExpositionBuilder, _ counters: UsageCounters, dropping: Set<SeriesLabel>
    ) {
        var merged: [RequestHistogramKey: RequestHistograms] = [:]
        var firstEvents: [RequestHistogramKey: Int64] = [:]
        for (key, histograms, firstEvent) in counters.requestHistograms {
            var label = key
            if dropping.contains(.provider) { label.provider = "" }
            if dropping.contains(.model) { label.model = "" }
            merged[label, default: RequestHistograms()].absorb(histograms)
            firstEvents[label] = min(firstEvents[label] ?? .max, firstEvent)
        }
        let keys = merged.keys.sorted()
        for (family, bounds, pick) in [
            (Family.requestCost, RequestHistograms.costBounds, { (h: RequestHistograms) in h.cost }),
            (Family.requestTokens, RequestHistograms.tokenBounds, { (h: RequestHistograms) in h.tokens }),
        ] {
            let les = bounds.map(ExpositionWriter.format) + ["+Inf"]
            out.add(family, capacity: keys.count * 2000) { out in
                // An unpriced model has tokens but no cost observations: no cost series for it.
                for key in keys where pick(merged[key]!).count > 0 {
                    let histogram = pick(merged[key]!)
                    var labels = [("source", key.source)]
                    if !dropping.contains(.provider) { labels.append(("provider", key.provider)) }
                    if !dropping.contains(.model) { labels.append(("model", key.model)) }
                    for (le, count) in zip(les, histogram.cumulative) {
                        out.sample(family, suffix: "_bucket", pairs: labels + [("le", le)], count)
                    }
                    out.sample(family, suffix: "_sum", pairs: labels, histogram.sum)
                    out.sample(family, suffix: "_count", pairs: labels, histogram.count)
                    out.created(family, pairs: labels, millis: firstEvents[key] ?? .max)
                }
            }
        }
    }
}
