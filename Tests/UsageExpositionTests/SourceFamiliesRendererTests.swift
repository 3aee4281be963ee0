import Testing
import UsageModel

@testable import UsageExposition

/// The families of the team, audit and application sources, and `--label.drop`.
@Suite struct SourceFamiliesRendererTests {
    private func makeCounters() -> UsageCounters {
        var ledger = UsageLedger()
        for source in ["team_usage", "prompt_audit", "events"] { ledger.register(source: source) }
        for (index, user) in ["alice", "bob"].enumerated() {
            let series = ledger.intern(
                SeriesKey(
                    source: "team_usage", provider: "anthropic", model: "claude-3-5-sonnet", project: "", user: user,
                    phase: "build"))
            _ = ledger.add(
                UsageRecord(
                    series: series, tokens: TokenCounts(input: 1000, output: 100), reportedCostUSD: 0.25,
                    timestampMillis: 1, dedupKey: UInt64(10 + index)))
        }
        let event = ledger.intern(
            SeriesKey(
                source: "events", provider: "openai", model: "text-embedding-3-large", project: "", tenant: "hotel-42",
                appService: "memory", operation: "embedding"))
        _ = ledger.add(UsageRecord(series: event, tokens: TokenCounts(input: 1000), timestampMillis: 1, dedupKey: 20))
        ledger.addCacheLookup(
            CacheLookupKey(source: "events", provider: "openai", appService: "memory", hit: false), key: nil)
        ledger.addCacheLookup(
            CacheLookupKey(source: "events", provider: "openai", appService: "memory", hit: true), key: 21)
        ledger.addCaptureFailure(source: "team_usage", reason: .timeout, key: 30)
        ledger.addAudit(session: nil, estimated: 6500, actual: 7000, key: 40)
        ledger.addAudit(session: "waiting", estimated: 10, actual: nil, key: 41)
        return ledger.counters
    }

    private func lines(
        _ counters: UsageCounters, dropping: Set<SeriesLabel> = [], matching prefixes: [String]
    ) -> [String] {
        let text = String(decoding: MetricsRenderer.renderUsage(counters, dropping: dropping), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).filter { line in
            prefixes.contains { line.hasPrefix($0) }
        }
    }

    @Test func goldenFamiliesOfTheOtherSources() {
        let got = lines(
            makeCounters(),
            matching: [
                "llm_usage_cache_lookups", "llm_usage_capture_failures", "llm_usage_estimat",
                "llm_usage_requests_total",
                "# TYPE llm_usage_estimation_error_ratio",
            ])
        let golden = #"""
            llm_usage_cache_lookups_total{source="events",provider="openai",app_service="memory",result="hit"} 1
            llm_usage_cache_lookups_total{source="events",provider="openai",app_service="memory",result="miss"} 1
            llm_usage_capture_failures_total{source="team_usage",reason="error"} 0
            llm_usage_capture_failures_total{source="team_usage",reason="not_found"} 0
            llm_usage_capture_failures_total{source="team_usage",reason="other"} 0
            llm_usage_capture_failures_total{source="team_usage",reason="timeout"} 1
            llm_usage_estimated_tokens_total 6500
            llm_usage_estimation_actual_tokens_total 7000
            # TYPE llm_usage_estimation_error_ratio histogram
            llm_usage_estimation_error_ratio_bucket{le="0.01"} 0
            llm_usage_estimation_error_ratio_bucket{le="0.02"} 0
            llm_usage_estimation_error_ratio_bucket{le="0.05"} 0
            llm_usage_estimation_error_ratio_bucket{le="0.1"} 1
            llm_usage_estimation_error_ratio_bucket{le="0.2"} 1
            llm_usage_estimation_error_ratio_bucket{le="0.5"} 1
            llm_usage_estimation_error_ratio_bucket{le="1"} 1
            llm_usage_estimation_error_ratio_bucket{le="+Inf"} 1
            llm_usage_estimation_error_ratio_sum 0.07142857142857142
            llm_usage_estimation_error_ratio_count 1
            llm_usage_estimation_unmatched 1
            llm_usage_estimation_unmatched_dropped_total 0
            llm_usage_requests_total{source="events",provider="openai",model="text-embedding-3-large",project="",tenant="hotel-42",app_service="memory",operation="embedding"} 1
            llm_usage_requests_total{source="team_usage",provider="anthropic",model="claude-3-5-sonnet",project="",user="alice",phase="build"} 1
            llm_usage_requests_total{source="team_usage",provider="anthropic",model="claude-3-5-sonnet",project="",user="bob",phase="build"} 1
            """#
        #expect(got == golden.split(separator: "\n").map(String.init))
    }

    @Test func droppedLabelsAreSummedAcrossEveryFamily() {
        let got = lines(
            makeCounters(), dropping: [.user, .appService, .project],
            matching: [
                "llm_usage_cost_usd_total{source=\"team", "llm_usage_requests_total{source=\"team",
                "llm_usage_tokens_total{source=\"team_usage\",provider=\"anthropic\",model=\"claude-3-5-sonnet\",project=\"\",phase=\"build\",token_type=\"input\"",
                "llm_usage_cache_lookups_total",
            ])
        #expect(
            got == [
                #"llm_usage_cache_lookups_total{source="events",provider="openai",result="hit"} 1"#,
                #"llm_usage_cache_lookups_total{source="events",provider="openai",result="miss"} 1"#,
                #"llm_usage_cost_usd_total{source="team_usage",provider="anthropic",model="claude-3-5-sonnet",project="",phase="build"} 0.5"#,
                #"llm_usage_requests_total{source="team_usage",provider="anthropic",model="claude-3-5-sonnet",project="",phase="build"} 2"#,
                #"llm_usage_tokens_total{source="team_usage",provider="anthropic",model="claude-3-5-sonnet",project="",phase="build",token_type="input"} 2000"#,
            ])
        #expect(
            !String(decoding: MetricsRenderer.renderUsage(makeCounters(), dropping: [.user]), as: UTF8.self).contains(
                "user="))
    }
}
