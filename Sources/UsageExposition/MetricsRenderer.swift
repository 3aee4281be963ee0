public import UsageModel

/// Renders a snapshot as Prometheus text format 0.0.4, in canonical order: families sorted
/// by name, series by label values, so the same state always gives the same bytes.
public enum MetricsRenderer {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole exposition: the usage families, then the process metrics when given.
    public static func render(_ snapshot: UsageSnapshot, process: ProcessMetrics?) -> [UInt8] {
        var bytes = renderUsage(snapshot.counters)
        if let process { bytes += renderProcess(process) }
        return bytes
    }

    /// The usage and health families: rendered once per change of the counters, not per scrape.
    public static func renderUsage(_ counters: UsageCounters) -> [UInt8] {
        var out = ExpositionWriter(capacity: 4096 + counters.seriesKeys.count * 600)
        let health = counters.health.keys.sorted().map { ($0, counters.health[$0]!) }
        let order = counters.seriesKeys.indices.sorted { counters.seriesKeys[$0] < counters.seriesKeys[$1] }

        perSource(&out, health, "llm_usage_bytes_read_total", .counter, help: "Bytes of log files consumed, by source.")
        { $0.bytesRead }

        out.family(
            "llm_usage_cost_usd_total", .counter,
            help:
                "Cost of deduplicated requests in USD, by cost mode (see --cost.mode). Models without a price are counted in llm_usage_unpriced_requests_total instead."
        )
        for index in order where counters.totals[index].hasCost {
            let key = counters.seriesKeys[index]
            out.sample("llm_usage_cost_usd_total", labels(key), counters.totals[index].costUSD)
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

        out.family("llm_usage_requests_total", .counter, help: "Deduplicated API requests.")
        for index in order {
            out.sample("llm_usage_requests_total", labels(counters.seriesKeys[index]), counters.totals[index].requests)
        }

        perReason(
            &out, health, "llm_usage_source_errors_total",
            help: "Source files or folders that could not be read, by source and reason."
        ) {
            (health, reason: SourceErrorReason) in health[reason]
        }

        out.family("llm_usage_tokens_total", .counter, help: "Tokens of deduplicated requests, by token type.")
        for index in order {
            let key = counters.seriesKeys[index]
            let tokens = counters.totals[index].tokens
            for type in TokenType.sortedByLabel {
                out.sample(
                    "llm_usage_tokens_total",
                    [
                        "source": key.source, "provider": key.provider, "model": key.model, "project": key.project,
                        "token_type": type.rawValue,
                    ],
                    tokens[type])
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

    /// The standard `process_*` families, read at scrape time.
    public static func renderProcess(_ process: ProcessMetrics) -> [UInt8] {
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

    private static func labels(_ key: SeriesKey) -> KeyValuePairs<String, String> {
        ["source": key.source, "provider": key.provider, "model": key.model, "project": key.project]
    }
}
