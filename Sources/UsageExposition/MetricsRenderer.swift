package import UsageModel
package import UsageSystem

/// Renders a snapshot as Prometheus text format 0.0.4, in canonical order: families sorted
/// by name, series by label values, so the same state always gives the same bytes.
package enum MetricsRenderer {
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole exposition: the usage families, then the process metrics when given.
    package static func render(
        _ snapshot: UsageSnapshot, process: ProcessMetrics?, dropping: Set<SeriesLabel> = []
    ) -> [UInt8] {
        var bytes = renderUsage(snapshot.counters, dropping: dropping)
        bytes += renderViews(snapshot.views, dropping: dropping)
        bytes += renderReady(snapshot.ready)
        if let process { bytes += renderProcess(process) }
        return bytes
    }

    /// The usage and health families: rendered once per change of the counters, not per scrape.
    /// Labels in `dropping` are left out of every family, the series that then coincide summed.
    package static func renderUsage(_ counters: UsageCounters, dropping: Set<SeriesLabel> = []) -> [UInt8] {
        var out = ExpositionWriter(capacity: 4096 + counters.seriesKeys.count * 600)
        let health = counters.health.keys.sorted().map { ($0, counters.health[$0]!) }
        let series = counters.series(dropping: dropping)

        perSource(&out, health, "llm_usage_bytes_read_total", .counter, help: "Bytes of log files consumed, by source.")
        { $0.bytesRead }

        renderEvents(&out, counters, health: health, dropping: dropping)

        out.family(
            "llm_usage_cost_usd_total", .counter,
            help:
                "Cost of deduplicated requests in USD, by cost mode (see --cost.mode). Models without a price are counted in llm_usage_unpriced_requests_total instead."
        )
        for (key, totals) in series where totals.hasCost {
            out.sample("llm_usage_cost_usd_total", pairs: key.labelPairs, totals.costUSD)
        }

        out.family(
            "llm_usage_dedup_memory_bytes", .gauge,
            help:
                "Bytes held by the table that remembers counted requests (it grows with distinct requests, not with history)."
        )
        out.sample("llm_usage_dedup_memory_bytes", [:], UInt64(counters.dedupBytes))

        out.family("llm_usage_dedup_requests", .gauge, help: "Distinct requests remembered for deduplication.")
        out.sample("llm_usage_dedup_requests", [:], UInt64(counters.dedupEntries))

        perSource(
            &out, health, "llm_usage_duplicate_lines_total", .counter,
            help:
                "Lines that repeated a request already counted (content-block copies, streaming partials, resumed sessions)."
        ) {
            $0.duplicateLines
        }

        renderEstimation(&out, counters, health: health)

        out.family(
            "llm_usage_exporter_build_info", .gauge, help: "Version of llm-usage-exporter; the value is always 1.")
        out.sample(
            "llm_usage_exporter_build_info",
            ["version": ExporterVersion.version, "revision": ExporterVersion.revision], UInt64(1))

        perReason(
            &out, health, "llm_usage_file_resets_total",
            help:
                "Files read again from their start because they were truncated or replaced; deduplication absorbs what was already counted."
        ) {
            (health, reason: FileResetReason) in health[reason]
        }

        perSource(
            &out, health, "llm_usage_files_forgotten_total", .counter,
            help: "Tracked files no longer found (deleted, moved away, a folder replaced); what they counted is kept."
        ) { $0.filesForgotten }

        perSource(&out, health, "llm_usage_files_watched", .gauge, help: "Log files currently tailed, by source.") {
            UInt64($0.filesWatched)
        }

        out.family(
            "llm_usage_last_event_timestamp_seconds", .gauge, help: "Time of the newest usage record read, by source.")
        for (source, h) in health {
            if let millis = h.lastEventMillis {
                out.sample("llm_usage_last_event_timestamp_seconds", ["source": source], Double(millis) / 1000)
            }
        }

        perSource(
            &out, health, "llm_usage_lines_read_total", .counter, help: "Complete lines read from log files, by source."
        ) {
            $0.linesRead
        }

        perReason(
            &out, health, "llm_usage_lines_rejected_total",
            help: "Lines that could not be counted, by source and reason."
        ) {
            (health, reason: RejectReason) in health[reason]
        }

        out.family(
            "llm_usage_prices_last_reload_successful", .gauge,
            help:
                "1 when the price files (--pricing.file, the one `pricing update` writes) last loaded; 0 while a change to one cannot be read and the old prices stay."
        )
        out.sample("llm_usage_prices_last_reload_successful", [:], UInt64(counters.lastPriceLoadSuccessful ? 1 : 0))

        renderRequestHistograms(&out, counters, dropping: dropping)

        out.family("llm_usage_requests_total", .counter, help: "Deduplicated API requests.")
        for (key, totals) in series {
            out.sample("llm_usage_requests_total", pairs: key.labelPairs, totals.requests)
        }

        perReason(
            &out, health, "llm_usage_source_errors_total",
            help: "Source files or folders that could not be read, by source and reason."
        ) {
            (health, reason: SourceErrorReason) in health[reason]
        }

        out.family("llm_usage_tokens_total", .counter, help: "Tokens of deduplicated requests, by token type.")
        for (key, totals) in series {
            var labels = key.labelPairs
            labels.append(("token_type", ""))
            for type in TokenType.sortedByLabel {
                labels[labels.count - 1].1 = type.rawValue
                out.sample("llm_usage_tokens_total", pairs: labels, totals.tokens[type])
            }
        }

        out.family(
            "llm_usage_unpriced_requests_total", .counter,
            help: "Requests whose model has no price in the price table (add one with --pricing.file).")
        for key in counters.unpriced.keys.sorted() {
            out.sample(
                "llm_usage_unpriced_requests_total", ["source": key.source, "model": key.model], counters.unpriced[key]!
            )
        }

        return out.bytes
    }

    /// `llm_usage_exporter_ready`: 0 until the first catch-up has read every source, then 1
    /// (what `/-/ready` says, for alert rules).
    package static func renderReady(_ ready: Bool) -> [UInt8] {
        ready ? readyBytes : notReadyBytes
    }

    private static let readyBytes = readyFamily(1)
    private static let notReadyBytes = readyFamily(0)

    private static func readyFamily(_ value: UInt64) -> [UInt8] {
        var out = ExpositionWriter(capacity: 256)
        out.family(
            "llm_usage_exporter_ready", .gauge,
            help: "1 once the first catch-up over every source has finished (as /-/ready), else 0.")
        out.sample("llm_usage_exporter_ready", [:], value)
        return out.bytes
    }

    /// The standard `process_*` families, read at scrape time.
    package static func renderProcess(_ process: ProcessMetrics) -> [UInt8] {
        var out = ExpositionWriter(capacity: 1024)
        out.family("process_cpu_seconds_total", .counter, help: "Total user and system CPU time spent in seconds.")
        out.sample("process_cpu_seconds_total", [:], process.cpuSeconds)
        out.family("process_max_fds", .gauge, help: "Maximum number of open file descriptors.")
        out.sample("process_max_fds", [:], process.maxFDs)
        out.family("process_open_fds", .gauge, help: "Number of open file descriptors.")
        out.sample("process_open_fds", [:], process.openFDs)
        out.family("process_resident_memory_bytes", .gauge, help: "Resident memory size in bytes.")
        out.sample("process_resident_memory_bytes", [:], process.residentBytes)
        out.family(
            "process_start_time_seconds", .gauge, help: "Start time of the process since unix epoch in seconds.")
        out.sample("process_start_time_seconds", [:], process.startTimeSeconds)
        out.family("process_virtual_memory_bytes", .gauge, help: "Virtual memory size in bytes.")
        out.sample("process_virtual_memory_bytes", [:], process.virtualBytes)
        return out.bytes
    }

    /// A family with one sample per source.
    private static func perSource(
        _ out: inout ExpositionWriter, _ health: [(String, SourceHealth)], _ name: String,
        _ type: ExpositionWriter.MetricType,
        help: String, _ value: (SourceHealth) -> UInt64
    ) {
        out.family(name, type, help: help)
        for (source, h) in health { out.sample(name, ["source": source], value(h)) }
    }

    /// A counter family with one sample per source and reason, every reason present (0 included).
    private static func perReason<Reason: CaseIterable & RawRepresentable>(
        _ out: inout ExpositionWriter, _ health: [(String, SourceHealth)], _ name: String, help: String,
        _ value: (SourceHealth, Reason) -> UInt64
    ) where Reason.RawValue == String {
        out.family(name, .counter, help: help)
        let reasons = Reason.allCases.sorted { $0.rawValue < $1.rawValue }
        for (source, h) in health {
            for reason in reasons {
                out.sample(name, ["source": source, "reason": reason.rawValue], value(h, reason))
            }
        }
    }

    /// Cost and tokens per request, by source, provider and model.
    private static func renderRequestHistograms(
        _ out: inout ExpositionWriter, _ counters: UsageCounters, dropping: Set<SeriesLabel>
    ) {
        var merged: [RequestHistogramKey: RequestHistograms] = [:]
        for (key, histograms) in counters.requestHistograms {
            var label = key
            if dropping.contains(.provider) { label.provider = "" }
            if dropping.contains(.model) { label.model = "" }
            merged[label, default: RequestHistograms()].absorb(histograms)
        }
        let keys = merged.keys.sorted()
        for (name, help, bounds, pick) in [
            (
                "llm_usage_request_cost_usd", "Cost per request in USD (priced requests).",
                RequestHistograms.costBounds,
                { (h: RequestHistograms) in h.cost }
            ),
            (
                "llm_usage_request_tokens", "Tokens per request, all types.", RequestHistograms.tokenBounds,
                { (h: RequestHistograms) in h.tokens }
            ),
        ] {
            out.family(name, .histogram, help: help)
            let les = bounds.map(ExpositionWriter.format) + ["+Inf"]
            // An unpriced model has tokens but no cost observations: no cost series for it.
            for key in keys where pick(merged[key]!).count > 0 {
                let histogram = pick(merged[key]!)
                var labels = [("source", key.source)]
                if !dropping.contains(.provider) { labels.append(("provider", key.provider)) }
                if !dropping.contains(.model) { labels.append(("model", key.model)) }
                for (le, count) in zip(les, histogram.cumulative) {
                    out.sample(name + "_bucket", pairs: labels + [("le", le)], count)
                }
                out.sample(name + "_sum", pairs: labels, histogram.sum)
                out.sample(name + "_count", pairs: labels, histogram.count)
            }
        }
    }

    /// Application cache lookups and team usage capture failures (families sorted before `cost`).
    private static func renderEvents(
        _ out: inout ExpositionWriter, _ counters: UsageCounters, health: [(String, SourceHealth)],
        dropping: Set<SeriesLabel>
    ) {
        let configured = Set(health.map(\.0))
        if !counters.cacheLookups.isEmpty || configured.contains("events") {
            out.family(
                "llm_usage_cache_lookups_total", .counter,
                help: "Lookups in an application's own response cache; a hit is no request and costs nothing.")
        }
        var lookups: [CacheLookupKey: UInt64] = [:]
        for (key, count) in counters.cacheLookups {
            var labels = key
            if dropping.contains(.provider) { labels.provider = "" }
            if dropping.contains(.appService) { labels.appService = "" }
            lookups[labels, default: 0] += count
        }
        for key in lookups.keys.sorted() {
            var labels = [("source", key.source)]
            if !dropping.contains(.provider) { labels.append(("provider", key.provider)) }
            if !dropping.contains(.appService) { labels.append(("app_service", key.appService)) }
            labels.append(("result", key.result))
            out.sample("llm_usage_cache_lookups_total", pairs: labels, lookups[key]!)
        }

        var failureSources = Set(counters.captureFailures.keys.map(\.source))
        if configured.contains("team_usage") { failureSources.insert("team_usage") }
        if !failureSources.isEmpty {
            out.family(
                "llm_usage_capture_failures_total", .counter,
                help:
                    "Agent sessions whose usage a team usage hook could not capture, by reason (timeout, not_found, error, other)."
            )
        }
        for source in failureSources.sorted() {
            for reason in CaptureFailureReason.allCases.sorted() {
                let count = counters.captureFailures[CaptureFailureKey(source: source, reason: reason)] ?? 0
                out.sample(
                    "llm_usage_capture_failures_total", ["source": source, "reason": reason.rawValue], count)
            }
        }
    }

    /// The prompt audits' families, present once the prompt audit source is configured.
    private static func renderEstimation(
        _ out: inout ExpositionWriter, _ counters: UsageCounters, health: [(String, SourceHealth)]
    ) {
        let estimation = counters.estimation
        guard estimation.count > 0 || estimation.unmatched > 0 || health.contains(where: { $0.0 == "prompt_audit" })
        else { return }
        out.family(
            "llm_usage_estimated_tokens_total", .counter,
            help: "Tokens prompt audits estimated, for audits with an actual count (bias = this / actual).")
        out.sample("llm_usage_estimated_tokens_total", [:], estimation.estimatedTokens)
        out.family(
            "llm_usage_estimation_actual_tokens_total", .counter,
            help: "Actual tokens of the audited prompts, from the audit or its session's usage record.")
        out.sample("llm_usage_estimation_actual_tokens_total", [:], estimation.actualTokens)
        out.family(
            "llm_usage_estimation_error_ratio", .histogram,
            help: "Prompt audits' token estimation error, |estimated - actual| / actual.")
        for (bound, count) in zip(
            EstimationStats.bounds.map(ExpositionWriter.format) + ["+Inf"], estimation.cumulativeCounts)
        {
            out.sample("llm_usage_estimation_error_ratio_bucket", ["le": bound], count)
        }
        out.sample("llm_usage_estimation_error_ratio_sum", [:], estimation.sum)
        out.sample("llm_usage_estimation_error_ratio_count", [:], estimation.count)
        out.family(
            "llm_usage_estimation_unmatched", .gauge,
            help: "Prompt audits without an actual count waiting for their session's usage record.")
        out.sample("llm_usage_estimation_unmatched", [:], UInt64(estimation.unmatched))
        out.family(
            "llm_usage_estimation_unmatched_dropped_total", .counter,
            help: "Waiting prompt audits dropped, oldest first, from a full buffer (10,000 audits).")
        out.sample("llm_usage_estimation_unmatched_dropped_total", [:], estimation.unmatchedDropped)
    }
}
