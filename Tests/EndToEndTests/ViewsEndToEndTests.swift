import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

@testable import UsageCommands

/// Periods, budgets, the block and sessions from a running exporter configured by a file,
/// on transcripts written "now"; the scrape passes promtool.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ViewsEndToEndTests {
    @Test func aConfiguredExporterServesTheTimeDerivedGaugesAndPromtoolAcceptsThem() throws {
        let promtool = try #require(ProcessRunner.which("promtool"), "promtool is needed (apt-get install prometheus)")
        let tree = TempTree()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = Date()
        func stamp(_ secondsAgo: Double) -> String { formatter.string(from: now.addingTimeInterval(-secondsAgo)) }
        // Three requests in the last minutes (inside today's period and an active block).
        tree.write(
            "claude/projects/-home-u-app/s.jsonl",
            assistantLine(id: "m1", input: 1000, output: 100, timestamp: stamp(120))
                .replacingOccurrences(of: #""sessionId":"s""#, with: #""sessionId":"s-1","gitBranch":"feature-x""#)
                + assistantLine(id: "m2", input: 2000, output: 200, timestamp: stamp(60))
                .replacingOccurrences(of: #""sessionId":"s""#, with: #""sessionId":"s-1","gitBranch":"feature-x""#)
                + assistantLine(id: "m3", input: 3000, output: 300, timestamp: stamp(10))
                .replacingOccurrences(of: #""sessionId":"s""#, with: #""sessionId":"s-1","gitBranch":"feature-x""#))
        tree.write(
            "config.json",
            #"""
            {
              "sources": { "claude_code": { "paths": ["\#(tree.path("claude"))"] }, "codex": { "enabled": false } },
              "time_zone": "Asia/Kolkata",
              "week_start": "sunday",
              "budgets": { "daily": 0.01, "projects": { "app": { "monthly": 1 } }, "warning_ratio": 0.5, "critical_ratio": 0.9 },
              "sessions": { "active_window": "1h", "max": 10 },
              "blocks": { "token_limit": 100000 },
              "state": { "dir": "" }
            }
            """#)
        let base = try ConfigFile.load(path: tree.path("config.json"), environment: [:])
        guard case .serve(var options) = try OptionsParser.parse(["--source.poll-interval=100ms"], base: base) else {
            Issue.record("not a serve command")
            return
        }
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        let exporter = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        defer { exporter.stop() }
        let ready = EndToEndTests.waitUntil(seconds: 20) {
            httpGet(port: exporter.ports[0], "/-/ready")?.status == 200
        }
        try #require(ready)
        let body = try #require(httpGet(port: exporter.ports[0], "/metrics")).body
        let check = try ProcessRunner.run(promtool, ["check", "metrics"], input: Array(body.utf8))
        #expect(check.status == 0, "\(check.stderr)")

        let samples = ExpositionSample.parse(body)
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?
                .value
        }
        let cost = samples.filter { $0.name == "llm_usage_cost_usd_total" }.reduce(0) { $0 + $1.value }
        // Sonnet 4.5: (6000 x $3 + 600 x $15) per million.
        #expect(abs(cost - 0.027) < 1e-12)
        #expect(
            abs((value("llm_usage_period_cost_usd", ["period": "day", "source": "claude_code"]) ?? -1) - cost) < 1e-12)
        #expect(
            abs((value("llm_usage_budget_used_ratio", ["period": "day", "scope": "global"]) ?? -1) - cost / 0.01) < 1e-9
        )
        #expect(
            abs(
                (value("llm_usage_budget_used_ratio", ["period": "month", "scope": "project", "scope_value": "app"])
                    ?? -1) - cost) < 1e-12)
        #expect(value("llm_usage_budget_alert_ratio", ["severity": "warning"]) == 0.5)
        #expect(value("llm_usage_block_active") == 1)
        #expect(value("llm_usage_block_tokens") == 6600)
        #expect(value("llm_usage_block_limit_tokens") == 100_000)
        #expect(
            value("llm_usage_session_cost_usd", ["session_id": "s-1", "git_branch": "feature-x", "project": "app"])
                != nil)
        #expect(value("llm_usage_branch_cost_usd", ["git_branch": "feature-x"]) != nil)
        #expect(value("llm_usage_request_cost_usd_count", ["model": "claude-sonnet-4-5-20250929"]) == 3)
    }
}
