import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

@testable import UsageCommands

/// `llm-usage-exporter statusline`: one line from Claude Code's JSON and the exporter's gauges.
@Suite struct StatusLineTests {
    static let metrics = """
        llm_usage_block_active 1
        llm_usage_block_burn_rate_usd_per_hour 4.5
        llm_usage_block_cost_usd 3.214
        llm_usage_block_end_timestamp_seconds 1741186800
        llm_usage_budget_used_ratio{period="day",scope="global",scope_value=""} 0.62
        llm_usage_budget_used_ratio{period="month",scope="global",scope_value=""} 0.31
        llm_usage_period_cost_usd{period="day",source="claude_code"} 12
        llm_usage_period_cost_usd{period="day",source="codex"} 0.345
        llm_usage_period_cost_usd{period="week",source="claude_code"} 40
        llm_usage_session_cost_usd{source="claude_code",project="app",session_id="s-1",git_branch="main"} 1.234
        llm_usage_session_cost_usd{source="claude_code",project="app",session_id="s-2",git_branch="main"} 9

        """

    @Test func goldenLineAtAFixedClock() {
        let input = StatusLine.parseInput(
            Array(
                #"{"session_id":"s-1","transcript_path":"/t.jsonl","model":{"id":"x","display_name":"Sonnet 4.5"},"cost":{"total_cost_usd":1.1}}"#
                    .utf8))
        #expect(input == StatusLine.Input(sessionID: "s-1", model: "Sonnet 4.5", sessionCostUSD: 1.1))
        // 2h14m before the block's end.
        let line = StatusLine.render(input, metrics: Self.metrics, nowSeconds: 1_741_186_800 - 8040)
        #expect(
            line == "Sonnet 4.5 | session $1.23 | today $12.35 | block $3.21, 2h14m left | $4.50/h | budget day 62%")
    }

    @Test func missingFieldsAndNoExporter() {
        #expect(
            StatusLine.render(StatusLine.parseInput([]), metrics: nil, nowSeconds: 0)
                == "Claude | exporter not reachable")
        let input = StatusLine.parseInput(
            Array(#"{"model":{"display_name":"Opus"},"cost":{"total_cost_usd":0.425}}"#.utf8))
        #expect(
            StatusLine.render(input, metrics: nil, nowSeconds: 0) == "Opus | session $0.43 | exporter not reachable")
        // An exporter with no block, no budget and a session it does not list.
        #expect(
            StatusLine.render(
                input, metrics: #"llm_usage_period_cost_usd{period="day",source="claude_code"} 0"# + "\n", nowSeconds: 0
            )
                == "Opus | session $0.43 | today $0.00")
    }

    @Test func theBinaryAsksARunningExporter() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        tree.write(
            "claude/projects/-p/s.jsonl",
            assistantLine(
                id: "a", input: 100_000, output: 0, timestamp: formatter.string(from: Date().addingTimeInterval(-60)))
        )
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.path("claude")]
        options[source: "codex"].enabled = false
        options.stateDir = ""
        let exporter = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        defer { exporter.stop() }
        _ = EndToEndTests.waitUntil(seconds: 10) { httpGet(port: exporter.ports[0], "/-/ready")?.status == 200 }
        let result = try ProcessRunner.run(
            binary, ["statusline", "--web.listen-address=127.0.0.1:\(exporter.ports[0])"],
            input: Array(#"{"session_id":"s","model":{"display_name":"Sonnet 4.5"}}"#.utf8))
        #expect(result.status == 0)
        // 100,000 input tokens of Sonnet 4.5: $0.30, in the session, today and the active block.
        #expect(result.stdout.hasPrefix("Sonnet 4.5 | session $0.30 | today $0.30 | block $0.30, "), "\(result.stdout)")
    }
}
