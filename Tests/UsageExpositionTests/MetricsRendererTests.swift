import Testing
import UsageModel
import UsageSystem

@testable import UsageExposition

@Suite struct MetricsRendererTests {
    private func makeSnapshot() -> UsageSnapshot {
        var ledger = UsageLedger()
        ledger.register(source: "claude_code")
        let app = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5-20250929", project: "app")
        )
        let odd = ledger.intern(
            SeriesKey(
                source: "claude_code", provider: "anthropic", model: "claude-haiku-4-5", project: "we\"ird\\pro\nject"))
        let unknown = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-next", project: "app"))
        _ = ledger.add(
            UsageRecord(
                series: app, tokens: TokenCounts(input: 4, output: 250, cacheWrite5m: 1000, cacheRead: 15000),
                timestampMillis: 1_759_322_096_789, dedupKey: 1))
        _ = ledger.add(
            UsageRecord(
                series: odd, tokens: TokenCounts(input: 1_000_000), timestampMillis: 1_759_322_000_000, dedupKey: 2))
        _ = ledger.add(
            UsageRecord(
                series: unknown, tokens: TokenCounts(output: 3), timestampMillis: 1_759_322_000_000, dedupKey: 3))
        ledger.withHealth(of: "claude_code") { health in
            health.linesRead = 10
            health.bytesRead = 2048
            health[RejectReason.overlong] = 1
            health.filesWatched = 2
        }
        return UsageSnapshot(counters: ledger.counters, ready: true)
    }

    @Test func goldenExposition() {
        let text = String(decoding: MetricsRenderer.render(makeSnapshot(), process: nil), as: UTF8.self)
        let golden = #"""
            # HELP llm_usage_bytes_read_total Bytes of log files consumed, by source.
            # TYPE llm_usage_bytes_read_total counter
            llm_usage_bytes_read_total{source="claude_code"} 2048
            # HELP llm_usage_cost_usd_total Cost of deduplicated requests in USD, by cost mode (see --cost.mode). Models without a price are counted in llm_usage_unpriced_requests_total instead.
            # TYPE llm_usage_cost_usd_total counter
            llm_usage_cost_usd_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject"} 1
            llm_usage_cost_usd_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app"} 0.012012
            # HELP llm_usage_dedup_memory_bytes Bytes held by the table that remembers counted requests (it grows with distinct requests, not with history).
            # TYPE llm_usage_dedup_memory_bytes gauge
            llm_usage_dedup_memory_bytes 40960
            # HELP llm_usage_dedup_requests Distinct requests remembered for deduplication.
            # TYPE llm_usage_dedup_requests gauge
            llm_usage_dedup_requests 3
            # HELP llm_usage_duplicate_lines_total Lines that repeated a request already counted (content-block copies, streaming partials, resumed sessions).
            # TYPE llm_usage_duplicate_lines_total counter
            llm_usage_duplicate_lines_total{source="claude_code"} 0
            # HELP llm_usage_exporter_build_info A metric with a constant '1' value labeled by version, revision, branch, and swiftversion from which llm-usage-exporter was built.
            # TYPE llm_usage_exporter_build_info gauge
            llm_usage_exporter_build_info{branch="unknown",revision="unknown",swiftversion="6.3",version="0.2.0"} 1
            # HELP llm_usage_file_resets_total Files read again from their start because they were truncated or replaced; deduplication absorbs what was already counted.
            # TYPE llm_usage_file_resets_total counter
            llm_usage_file_resets_total{source="claude_code",reason="replaced"} 0
            llm_usage_file_resets_total{source="claude_code",reason="truncated"} 0
            # HELP llm_usage_files_forgotten_total Tracked files no longer found (deleted, moved away, a folder replaced); what they counted is kept.
            # TYPE llm_usage_files_forgotten_total counter
            llm_usage_files_forgotten_total{source="claude_code"} 0
            # HELP llm_usage_files_watched Log files currently tailed, by source.
            # TYPE llm_usage_files_watched gauge
            llm_usage_files_watched{source="claude_code"} 2
            # HELP llm_usage_last_event_timestamp_seconds Time of the newest usage record read, by source.
            # TYPE llm_usage_last_event_timestamp_seconds gauge
            llm_usage_last_event_timestamp_seconds{source="claude_code"} 1759322096.789
            # HELP llm_usage_lines_read_total Complete lines read from log files, by source.
            # TYPE llm_usage_lines_read_total counter
            llm_usage_lines_read_total{source="claude_code"} 10
            # HELP llm_usage_lines_rejected_total Lines that could not be counted, by source and reason.
            # TYPE llm_usage_lines_rejected_total counter
            llm_usage_lines_rejected_total{source="claude_code",reason="bad_timestamp"} 0
            llm_usage_lines_rejected_total{source="claude_code",reason="bad_value"} 0
            llm_usage_lines_rejected_total{source="claude_code",reason="invalid_utf8"} 0
            llm_usage_lines_rejected_total{source="claude_code",reason="malformed_json"} 0
            llm_usage_lines_rejected_total{source="claude_code",reason="missing_field"} 0
            llm_usage_lines_rejected_total{source="claude_code",reason="overlong"} 1
            # HELP llm_usage_prices_last_reload_successful 1 when the price files (--pricing.file, the one `pricing update` writes) last loaded; 0 while a change to one cannot be read and the old prices stay.
            # TYPE llm_usage_prices_last_reload_successful gauge
            llm_usage_prices_last_reload_successful 1
            # HELP llm_usage_request_cost_usd Cost per request in USD (priced requests).
            # TYPE llm_usage_request_cost_usd histogram
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.0001"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.0005"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.001"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.005"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.01"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.05"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.1"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="0.5"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="1"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="5"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="+Inf"} 1
            llm_usage_request_cost_usd_sum{source="claude_code",provider="anthropic",model="claude-haiku-4-5"} 1
            llm_usage_request_cost_usd_count{source="claude_code",provider="anthropic",model="claude-haiku-4-5"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.0001"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.0005"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.001"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.005"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.01"} 0
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.05"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.1"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="0.5"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="1"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="5"} 1
            llm_usage_request_cost_usd_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="+Inf"} 1
            llm_usage_request_cost_usd_sum{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929"} 0.012012
            llm_usage_request_cost_usd_count{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929"} 1
            # HELP llm_usage_request_tokens Tokens per request, all types.
            # TYPE llm_usage_request_tokens histogram
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="100"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="1000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="5000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="10000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="25000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="50000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="100000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="200000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="500000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="1000000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-haiku-4-5",le="+Inf"} 1
            llm_usage_request_tokens_sum{source="claude_code",provider="anthropic",model="claude-haiku-4-5"} 1000000
            llm_usage_request_tokens_count{source="claude_code",provider="anthropic",model="claude-haiku-4-5"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="100"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="1000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="5000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="10000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="25000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="50000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="100000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="200000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="500000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="1000000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-next",le="+Inf"} 1
            llm_usage_request_tokens_sum{source="claude_code",provider="anthropic",model="claude-next"} 3
            llm_usage_request_tokens_count{source="claude_code",provider="anthropic",model="claude-next"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="100"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="1000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="5000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="10000"} 0
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="25000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="50000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="100000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="200000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="500000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="1000000"} 1
            llm_usage_request_tokens_bucket{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",le="+Inf"} 1
            llm_usage_request_tokens_sum{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929"} 16254
            llm_usage_request_tokens_count{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929"} 1
            # HELP llm_usage_requests_total Deduplicated API requests.
            # TYPE llm_usage_requests_total counter
            llm_usage_requests_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject"} 1
            llm_usage_requests_total{source="claude_code",provider="anthropic",model="claude-next",project="app"} 1
            llm_usage_requests_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app"} 1
            # HELP llm_usage_source_errors_total Source files or folders that could not be read, by source and reason.
            # TYPE llm_usage_source_errors_total counter
            llm_usage_source_errors_total{source="claude_code",reason="io_error"} 0
            llm_usage_source_errors_total{source="claude_code",reason="permission_denied"} 0
            llm_usage_source_errors_total{source="claude_code",reason="symlink_loop"} 0
            # HELP llm_usage_tokens_total Tokens of deduplicated requests, by token type.
            # TYPE llm_usage_tokens_total counter
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject",token_type="cache_creation"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject",token_type="cache_read"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject",token_type="input"} 1000000
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-haiku-4-5",project="we\"ird\\pro\nject",token_type="output"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-next",project="app",token_type="cache_creation"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-next",project="app",token_type="cache_read"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-next",project="app",token_type="input"} 0
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-next",project="app",token_type="output"} 3
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app",token_type="cache_creation"} 1000
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app",token_type="cache_read"} 15000
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app",token_type="input"} 4
            llm_usage_tokens_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="app",token_type="output"} 250
            # HELP llm_usage_unpriced_requests_total Requests whose model has no price in the price table (add one with --pricing.file).
            # TYPE llm_usage_unpriced_requests_total counter
            llm_usage_unpriced_requests_total{source="claude_code",model="claude-next"} 1
            # HELP llm_usage_block_active 1 while a five-hour block is active (Claude Code usage), else 0.
            # TYPE llm_usage_block_active gauge
            llm_usage_block_active 0
            # HELP llm_usage_branch_cost_usd Cost over the last 7 days by git branch (a branch stands for a pull request), the 50 costliest.
            # TYPE llm_usage_branch_cost_usd gauge
            # HELP llm_usage_budget_alert_ratio Budget use at which alerts fire, by severity (from the config file; defaults 0.8 and 0.95).
            # TYPE llm_usage_budget_alert_ratio gauge
            llm_usage_budget_alert_ratio{severity="critical"} 0.95
            llm_usage_budget_alert_ratio{severity="warning"} 0.8
            # HELP llm_usage_period_cost_usd Cost of the current day, week and month in the configured time zone (--time-zone), by source.
            # TYPE llm_usage_period_cost_usd gauge
            # HELP llm_usage_period_end_timestamp_seconds When the current day, week and month end, in the exporter's zone (rules keep a sleeping machine's period cost until then).
            # TYPE llm_usage_period_end_timestamp_seconds gauge
            # HELP llm_usage_period_tokens Tokens of the current day, week and month, by source and token type.
            # TYPE llm_usage_period_tokens gauge
            # HELP llm_usage_session_cost_usd Cost of each session active in the last --sessions.active-window, the --sessions.max costliest.
            # TYPE llm_usage_session_cost_usd gauge
            # HELP llm_usage_session_tokens Tokens (all types) of each active session.
            # TYPE llm_usage_session_tokens gauge
            # HELP llm_usage_exporter_ready 1 once the first catch-up over every source has finished (as /-/ready), else 0.
            # TYPE llm_usage_exporter_ready gauge
            llm_usage_exporter_ready 1

            """#
        #expect(text == golden)
    }

    @Test func renderingIsDeterministic() {
        let snapshot = makeSnapshot()
        #expect(MetricsRenderer.render(snapshot, process: nil) == MetricsRenderer.render(snapshot, process: nil))
    }

    @Test(arguments: [
        (0.0, "0"), (1.0, "1"), (0.1, "0.1"), (1e-7, "1e-07"), (123456789.125, "123456789.125"), (1e20, "1e+20"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (-2.5, "-2.5"),
    ])
    func formatsValues(_ value: Double, _ expected: String) {
        #expect(ExpositionWriter.format(value) == expected)
    }

    @Test func escapesHelpText() {
        var writer = ExpositionWriter()
        writer.header(Family("x", .gauge, help: "a\\b\nc \"q\""))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "# HELP x a\\\\b\\nc \"q\"\n# TYPE x gauge\n")
    }

    @Test func processMetricsComeFromProc() throws {
        let process = try #require(ProcessMetrics.current())
        #expect(process.residentBytes > 1 << 20)
        #expect(process.virtualBytes >= process.residentBytes)
        #expect(process.openFDs >= 3)
        #expect(process.maxFDs >= process.openFDs)
        #expect(process.startTimeSeconds > 1_700_000_000)
        let text = String(decoding: MetricsRenderer.render(UsageSnapshot(), process: process), as: UTF8.self)
        #expect(text.contains("\nprocess_open_fds \(process.openFDs)\n"))
    }
}
