import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// All five sources in one exporter, scraped by a real Prometheus, against an independent count
/// (`scripts/independent-count-sources.py`, Python's json module) of generated fixture logs.
@Suite(.serialized, .timeLimit(.minutes(3))) struct AllSourcesEndToEndTests {
    private let claude: EndToEndTests.Fixture
    private let tree = TempTree()
    private let expected: [String: Any]

    init() throws {
        let python = try #require(ProcessRunner.which("python3"), "python3 is needed to generate the fixtures")
        claude = try EndToEndTests.Fixture(megabytes: 0.5, seed: 3)
        let scripts = TestPaths.packageRoot + "/scripts/"
        let generated = try ProcessRunner.run(
            python, [scripts + "generate-source-fixtures.py", tree.root, "--seed", "7", "--scale", "2"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let counted = try ProcessRunner.run(python, [scripts + "independent-count-sources.py", tree.root])
        try #require(counted.status == 0, "\(counted.stderr)")
        expected = try #require(try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: Any])
    }

    private var options: ExporterOptions {
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options.pollIntervalMillis = 200
        options[source: "claude_code"].paths = [claude.tree.root]
        options[source: "codex"].paths = [tree.path("codex")]
        options[source: "team_usage"].paths = [tree.path("ci/token-usage-*.jsonl")]
        options[source: "prompt_audit"].paths = [tree.path("ci/prompt-audit-*.jsonl")]
        options[source: "events"].paths = [tree.path("apps/*.jsonl")]
        return options
    }

    private func section(_ path: String...) -> [String: Any] {
        var value: Any = expected
        for key in path { value = (value as? [String: Any])?[key] ?? [:] }
        return value as? [String: Any] ?? [:]
    }

    private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    private func expectClose(_ got: Double?, _ want: Double?, _ what: String) {
        guard let want else {
            #expect(got == nil, "\(what): expected no series")
            return
        }
        let actual = got ?? .nan
        #expect(abs(actual - want) <= 1e-9 * max(1, abs(want)), "\(what): exporter \(actual), independent \(want)")
    }

    @Test func everySourceEqualsTheIndependentCountInPrometheus() throws {
        let prometheus = try #require(
            ProcessRunner.which("prometheus"), "prometheus is needed (apt-get install prometheus)")
        let promtool = try #require(ProcessRunner.which("promtool"), "promtool is needed (apt-get install prometheus)")
        let exporter = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        defer { exporter.stop() }
        let server = try PrometheusServer(executable: prometheus, targetPort: exporter.ports[0])
        let scraped = EndToEndTests.waitUntil(seconds: 60) {
            !server.query("llm_usage_estimation_error_ratio_count").isEmpty
                && !server.query("llm_usage_tokens_total{source=\"events\"}").isEmpty
        }
        try #require(scraped, "Prometheus never scraped the exporter:\n\(server.diagnostics)")

        // The exposition itself passes promtool.
        let body = try #require(httpGet(port: exporter.ports[0], "/metrics")).body
        let check = try ProcessRunner.run(promtool, ["check", "metrics"], input: Array(body.utf8))
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!body.contains("secret prompt"))

        func grouped(_ promQL: String, by label: String) -> [String: Double] {
            Dictionary(server.values(promQL).map { ($0.labels[label] ?? "", $0.value) }, uniquingKeysWith: +)
        }
        func tokens(_ source: String, by label: String, _ type: String) -> [String: Double] {
            grouped(
                "sum by (\(label)) (llm_usage_tokens_total{source=\"\(source)\",token_type=\"\(type)\"})", by: label)
        }
        func family(_ name: String, _ source: String, by label: String) -> [String: Double] {
            grouped("sum by (\(label)) (\(name){source=\"\(source)\"})", by: label)
        }

        // Codex, per model: cached input as cache_read, forks counted once, an unpriced model without cost.
        let codex = section("codex", "models")
        #expect(Set(tokens("codex", by: "model", "output").keys) == Set(codex.keys))
        for (model, entry) in codex {
            let want = entry as! [String: Any]
            for type in ["input", "output", "cache_read"] {
                expectClose(tokens("codex", by: "model", type)[model], number(want[type]), "codex \(model) \(type)")
            }
            expectClose(
                family("llm_usage_requests_total", "codex", by: "model")[model], number(want["requests"]),
                "codex \(model) requests")
            expectClose(
                family("llm_usage_cost_usd_total", "codex", by: "model")[model], number(want["cost_usd"]),
                "codex \(model) cost")
        }

        // Team usage, per user, and capture failures per reason.
        for (user, entry) in section("team_usage", "users") {
            let want = entry as! [String: Any]
            for type in ["input", "output"] {
                expectClose(tokens("team_usage", by: "user", type)[user], number(want[type]), "team \(user) \(type)")
            }
            expectClose(
                family("llm_usage_requests_total", "team_usage", by: "user")[user], number(want["requests"]),
                "team \(user) requests")
            expectClose(
                family("llm_usage_cost_usd_total", "team_usage", by: "user")[user], number(want["cost_usd"]),
                "team \(user) cost")
        }
        let failures = family("llm_usage_capture_failures_total", "team_usage", by: "reason")
        for reason in ["timeout", "not_found", "error", "other"] {
            expectClose(
                failures[reason], number(section("team_usage", "capture_failures")[reason]) ?? 0, "failures \(reason)")
        }

        // Prompt audits: the histogram, its token counters and the unmatched gauge.
        let audit = section("prompt_audit")
        let buckets = grouped("llm_usage_estimation_error_ratio_bucket", by: "le")
        let bounds = ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "+Inf"]
        for (bound, want) in zip(bounds, audit["buckets"] as! [NSNumber]) {
            expectClose(buckets[bound], want.doubleValue, "bucket le=\(bound)")
        }
        expectClose(
            server.values("llm_usage_estimation_error_ratio_count").first?.value, number(audit["count"]), "count")
        expectClose(server.values("llm_usage_estimation_error_ratio_sum").first?.value, number(audit["sum"]), "sum")
        expectClose(
            server.values("llm_usage_estimated_tokens_total").first?.value, number(audit["estimated"]), "estimated")
        expectClose(
            server.values("llm_usage_estimation_actual_tokens_total").first?.value, number(audit["actual"]), "actual")
        expectClose(
            server.values("llm_usage_estimation_unmatched").first?.value, number(audit["unmatched"]), "unmatched")

        // Application events, per tenant, and cache lookups.
        for (tenant, entry) in section("events", "tenants") {
            let want = entry as! [String: Any]
            for type in ["input", "output"] {
                expectClose(
                    tokens("events", by: "tenant", type)[tenant], number(want[type]), "events \(tenant) \(type)")
            }
            expectClose(
                family("llm_usage_requests_total", "events", by: "tenant")[tenant], number(want["requests"]),
                "events \(tenant) requests")
            expectClose(
                family("llm_usage_cost_usd_total", "events", by: "tenant")[tenant], number(want["cost_usd"]),
                "events \(tenant) cost")
        }
        let lookups = family("llm_usage_cache_lookups_total", "events", by: "result")
        for result in ["hit", "miss"] {
            expectClose(lookups[result], number(section("events", "cache_lookups")[result]), "lookups \(result)")
        }

        // Claude Code beside them, unchanged.
        for (model, entry) in claude.expected {
            expectClose(
                tokens("claude_code", by: "model", "output")[model], number(entry["output"]), "claude \(model) output")
            expectClose(
                family("llm_usage_requests_total", "claude_code", by: "model")[model], number(entry["requests"]),
                "claude \(model) requests")
        }

        // Every source reports its rejected lines.
        let rejected = grouped("sum by (source) (llm_usage_lines_rejected_total)", by: "source")
        #expect(rejected["codex"] == 2)
        #expect(rejected["team_usage"] == 2)
        #expect(rejected["prompt_audit"] == 1)
        #expect(rejected["events"] == 1)
    }
}
