import Foundation
import TestSupport
import Testing
import UsageRuntime
import UsageServer
import UsageSystem

/// Issue 18: the dashboards built on Claude Code's own telemetry work on this exporter. A real
/// Prometheus loads rules/claude-code-names.yml and scrapes the exporter as job
/// "otel-collector"; every query of Fixtures/peer-dashboard-queries.promql (those dashboards'
/// queries) returns a series, and the recorded names equal the exporter's families.
// Nested in BundleTests (serialized): a real Prometheus holds a test thread for a while.
extension BundleTests {
    @Suite(.timeLimit(.minutes(3))) struct ActivityPrometheusTests {
        static let root = TestPaths.packageRoot

        static var queries: [String] {
            let text =
                (try? String(
                    contentsOfFile: root + "/Tests/EndToEndTests/Fixtures/peer-dashboard-queries.promql",
                    encoding: .utf8))
                ?? ""
            return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }

        private func scalar(_ server: PrometheusServer, _ query: String) -> Double? {
            let values = server.values(query)
            return values.count == 1 ? values[0].value : nil
        }

        @Test func thePeersDashboardQueriesAnswerFromTheTranscripts() throws {
            let prometheus = try #require(ProcessRunner.which("prometheus"), "apt-get install prometheus")
            try #require(Self.queries.count >= 15)
            let tree = TempTree()
            let now = PrometheusValuesTests.timestamp(Date())
            ActivityFixtures.write(tree, time: now)
            let exporter = try PrometheusValuesTests.startExporter(tree, user: "dev@example.com")
            defer { exporter.stop() }
            let rules = [
                "claude-code-names.yml": try String(
                    contentsOfFile: Self.root + "/rules/claude-code-names.yml", encoding: .utf8)
            ]
            let server = try PrometheusServer(
                executable: prometheus,
                scrapeConfigs: """
                      - job_name: otel-collector
                        static_configs: [{targets: ['127.0.0.1:\(exporter.ports[0])']}]
                    """, ruleFiles: rules)
            let scraped = EndToEndTests.waitUntil(seconds: 60) {
                (scalar(server, "count_over_time(claude_code_cost_usage_USD_total[1m])") ?? 0) >= 5
            }
            try #require(scraped, "Prometheus never recorded the names:\n\(server.diagnostics)")

            // New work in the session: a second round of every kind of activity.
            tree.append(
                "projects/-home-dev-src-app/s1.jsonl", ActivityFixtures.session("s1", prefix: "c-", time: now).joined())
            let samples = { ExpositionSample.parse(httpGet(port: exporter.ports[0], "/metrics")?.body ?? "") }
            func exported(_ name: String) -> Double {
                samples().filter { $0.name == name }.reduce(0) { $0 + $1.value }
            }
            let counted = EndToEndTests.waitUntil(seconds: 30) { exported("llm_usage_code_lines_total") == 16 }
            try #require(counted, "\(exported("llm_usage_code_lines_total"))")
            let seen = EndToEndTests.waitUntil(seconds: 30) {
                scalar(server, "sum(claude_code_lines_of_code_count_total)") == 16
                    && (scalar(
                        server, #"sum(increase(claude_code_lines_of_code_count_total{job="otel-collector"}[1h]))"#) ?? 0)
                        > 0
            }
            try #require(seen, "\(server.values("claude_code_lines_of_code_count_total"))")

            for query in Self.queries {
                #expect(!server.query(query).isEmpty, "no series for \(query)")
            }
            // The names carry the exporter's values.
            let cost = exported("llm_usage_cost_usd_total")
            #expect(abs((scalar(server, "sum(claude_code_cost_usage_USD_total)") ?? 0) - cost) < 1e-9)
            #expect(scalar(server, "sum(claude_code_token_usage_tokens_total)") == exported("llm_usage_tokens_total"))
            let types = Set(
                server.values("sum by (type) (claude_code_token_usage_tokens_total)").compactMap { $0.labels["type"] })
            #expect(types == ["input", "output", "cacheRead", "cacheCreation"])
            #expect(scalar(server, "sum(claude_code_session_count_total)") == 2)
            #expect(scalar(server, #"sum(claude_code_lines_of_code_count_total{type="added"})"#) == 14)
            let decisions = server.values("claude_code_code_edit_tool_decision_total")
            let byDecision = Dictionary(grouping: decisions) {
                "\($0.labels["decision"] ?? "")/\($0.labels["tool_name"] ?? "")"
            }
            .mapValues { $0.reduce(0) { $0 + $1.value } }
            // Each round: Edit ran, one Write was refused, one Write created a file, a notebook cell was written.
            #expect(
                byDecision == ["accept/Edit": 2, "accept/NotebookEdit": 2, "accept/Write": 2, "reject/Write": 2],
                "\(byDecision)")
            #expect(
                server.values("sum by (user_email) (claude_code_cost_usage_USD_total)").first?.labels["user_email"]
                    == "dev@example.com")
            // The hour's increase is the new round's: the history at the start is not in it.
            let hour =
                scalar(server, #"sum(increase(claude_code_lines_of_code_count_total{job="otel-collector"}[1h]))"#) ?? 0
            #expect(hour >= 8 * 0.99 && hour <= 8 * 1.5, "\(hour)")
        }
    }
}
