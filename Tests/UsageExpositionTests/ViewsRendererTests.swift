import Testing
import UsageModel

@testable import UsageExposition

/// The time-derived families, rendered from a fixture at a fixed "now".
@Suite struct ViewsRendererTests {
    static let now: Int64 = 1_741_176_000_000  // 2025-03-05T12:00:00Z

    static func makeViews() -> UsageViews {
        var ledger = UsageLedger()
        let claude = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5", project: "app"))
        let events = ledger.intern(
            SeriesKey(source: "events", provider: "openai", model: "gpt-5", project: "", tenant: "hotel-42"))
        let session = ledger.internSession(
            SessionKey(source: "claude_code", project: "app", sessionID: "s-1", gitBranch: "feature-x"))
        let branch = ledger.internBranch("feature-x")
        let minute: Int64 = 60_000
        for (offset, cost) in [(-110 * minute, 1.0), (-50 * minute, 2.0), (-20 * minute, 1.0)] {
            _ = ledger.add(
                UsageRecord(
                    series: claude, tokens: TokenCounts(input: 1000, output: 200), reportedCostUSD: cost,
                    timestampMillis: now + offset, dedupKey: UInt64(-offset), session: session, branch: branch))
        }
        _ = ledger.add(
            UsageRecord(
                series: events, tokens: TokenCounts(input: 500), reportedCostUSD: 0.5, timestampMillis: now - minute,
                dedupKey: 1))
        ledger.noteLimitReset(seconds: 1_741_190_400)
        let settings = ViewSettings(
            calendar: PeriodCalendar(zoneName: "UTC")!,
            budgets: [
                Budget(scope: .global, period: .day, amountUSD: 10),
                Budget(scope: .tenant, scopeValue: "hotel-42", period: .month, amountUSD: 2),
            ], blockTokenLimit: .tokens(10_000))
        return ledger.views(at: now, settings: settings)
    }

    /// First request 10:10, last 11:40 (90 minutes), 3,600 tokens and $4; 180 minutes left at 12:00.
    @Test func goldenViews() {
        let text = String(decoding: MetricsRenderer.renderViews(Self.makeViews()), as: UTF8.self)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("# HELP") }.map(String.init)
        let golden = #"""
            # TYPE llm_usage_block_active gauge
            llm_usage_block_active 1
            # TYPE llm_usage_block_burn_rate_tokens_per_minute gauge
            llm_usage_block_burn_rate_tokens_per_minute 40
            # TYPE llm_usage_block_burn_rate_usd_per_hour gauge
            llm_usage_block_burn_rate_usd_per_hour 2.666666666666667
            # TYPE llm_usage_block_cost_usd gauge
            llm_usage_block_cost_usd 4
            # TYPE llm_usage_block_end_timestamp_seconds gauge
            llm_usage_block_end_timestamp_seconds 1741186800
            # TYPE llm_usage_block_limit_tokens gauge
            llm_usage_block_limit_tokens 10000
            # TYPE llm_usage_block_projected_cost_usd gauge
            llm_usage_block_projected_cost_usd 12
            # TYPE llm_usage_block_projected_tokens gauge
            llm_usage_block_projected_tokens 10800
            # TYPE llm_usage_block_start_timestamp_seconds gauge
            llm_usage_block_start_timestamp_seconds 1741168800
            # TYPE llm_usage_block_tokens gauge
            llm_usage_block_tokens 3600
            # TYPE llm_usage_branch_cost_usd gauge
            llm_usage_branch_cost_usd{project="app",git_branch="feature-x"} 4
            # TYPE llm_usage_budget_alert_ratio gauge
            llm_usage_budget_alert_ratio{severity="critical"} 0.95
            llm_usage_budget_alert_ratio{severity="warning"} 0.8
            # TYPE llm_usage_budget_usd gauge
            llm_usage_budget_usd{period="day",scope="global",scope_value=""} 10
            llm_usage_budget_usd{period="month",scope="tenant",scope_value="hotel-42"} 2
            # TYPE llm_usage_budget_used_ratio gauge
            llm_usage_budget_used_ratio{period="day",scope="global",scope_value=""} 0.45
            llm_usage_budget_used_ratio{period="month",scope="tenant",scope_value="hotel-42"} 0.25
            # TYPE llm_usage_limit_reset_timestamp_seconds gauge
            llm_usage_limit_reset_timestamp_seconds 1741190400
            # TYPE llm_usage_period_cost_usd gauge
            llm_usage_period_cost_usd{period="day",source="claude_code"} 4
            llm_usage_period_cost_usd{period="day",source="events"} 0.5
            llm_usage_period_cost_usd{period="week",source="claude_code"} 4
            llm_usage_period_cost_usd{period="week",source="events"} 0.5
            llm_usage_period_cost_usd{period="month",source="claude_code"} 4
            llm_usage_period_cost_usd{period="month",source="events"} 0.5
            # TYPE llm_usage_period_end_timestamp_seconds gauge
            llm_usage_period_end_timestamp_seconds{period="day"} 1741219200
            llm_usage_period_end_timestamp_seconds{period="month"} 1743465600
            llm_usage_period_end_timestamp_seconds{period="week"} 1741564800
            # TYPE llm_usage_period_tokens gauge
            """#
        let head = golden.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(head.count)) == head)
        let tail = Array(lines.dropFirst(head.count))
        // Period tokens: 3 periods x 2 sources x 4 types; then the two session families.
        #expect(tail.count == 3 * 2 * 4 + 4)
        #expect(tail.contains(#"llm_usage_period_tokens{period="day",source="claude_code",token_type="input"} 3000"#))
        #expect(tail.contains(#"llm_usage_period_tokens{period="month",source="events",token_type="input"} 500"#))
        #expect(
            tail.contains(
                #"llm_usage_session_cost_usd{source="claude_code",project="app",session_id="s-1",git_branch="feature-x"} 4"#
            ))
        #expect(
            tail.contains(
                #"llm_usage_session_tokens{source="claude_code",project="app",session_id="s-1",git_branch="feature-x"} 3600"#
            ))
    }
}
