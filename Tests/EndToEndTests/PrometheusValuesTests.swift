import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// Issue 16: what a user reads off a real Prometheus (after `increase()`, after the recording
/// rules) equals the spend: a new model's first requests are counted, and the history the
/// exporter finds at its start is not.
// Nested in BundleTests (serialized): the suites that hold a real Prometheus block a test
// thread each for a minute, and on two cores two at once would starve every other test.
extension BundleTests {
    @Suite(.timeLimit(.minutes(4))) struct PrometheusValuesTests {
        static let root = TestPaths.packageRoot

        private func tool(_ name: String) throws -> String {
            try #require(ProcessRunner.which(name), "\(name) is needed (apt-get install prometheus)")
        }

        /// A transcript's timestamp.
        static func timestamp(_ date: Date) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: date)
        }

        /// Thirty days of history: 3,000 Sonnet and Haiku requests in five projects.
        static func writeHistory(_ tree: TempTree) {
            let now = Date()
            for project in 0..<5 {
                var lines = ""
                for index in 0..<600 {
                    let when = now.addingTimeInterval(-Double(30 * 86400) + Double(index * 4000 + project * 60))
                    lines += assistantLine(
                        id: "h-\(project)-\(index)", model: index % 3 == 0 ? "claude-haiku-4-5" : "claude-sonnet-4-5",
                        input: 3000, output: 400, cacheRead: 20_000, timestamp: timestamp(when),
                        cwd: "/home/dev/src/p\(project)")
                }
                tree.write("projects/-home-dev-src-p\(project)/history.jsonl", lines)
            }
        }

        /// An exporter on a free port reading `tree` as Claude Code's, polling every 250 ms.
        static func startExporter(_ tree: TempTree, user: String = "dev") throws -> RunningExporter {
            var options = ExporterOptions()
            options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
            options[source: "claude_code"].paths = [tree.root]
            options[source: "codex"].enabled = false
            options.pollIntervalMillis = 250
            options.stateDir = ""
            options.user = user
            return try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        }

        private func scalar(_ server: PrometheusServer, _ query: String, at time: Double? = nil) -> Double? {
            let values = server.values(query, at: time)
            return values.count == 1 ? values[0].value : nil
        }

        /// What the exporter itself shows for `model` (its cost, once released), from a scrape.
        private func exported(_ exporter: RunningExporter, model: String) -> Double? {
            let samples = ExpositionSample.parse(httpGet(port: exporter.ports[0], "/metrics")?.body ?? "")
            let cost = samples.filter { $0.name == "llm_usage_cost_usd_total" && $0.labels["model"] == model }
            return cost.isEmpty ? nil : cost.reduce(0) { $0 + $1.value }
        }

        @Test func aNeverSeenModelsFirstSpendIsInIncreaseAndTheHistoryAtStartIsNot() throws {
            let tree = TempTree()
            Self.writeHistory(tree)
            let exporter = try Self.startExporter(tree)
            defer { exporter.stop() }
            let rules = [
                "recording.yml": try String(contentsOfFile: Self.root + "/rules/recording.yml", encoding: .utf8)
            ]
            let server = try PrometheusServer(
                executable: try tool("prometheus"), targetPort: exporter.ports[0], ruleFiles: rules)

            // The first minute after the start: thirty days of history are in the counters, and none
            // of it is spend in the window.
            let scraped = EndToEndTests.waitUntil(seconds: 60) {
                (scalar(server, "count_over_time(llm_usage_exporter_ready[1m])") ?? 0) >= 20
                    && scalar(server, "instance:llm_usage_cost_usd:increase1h") != nil
            }
            try #require(scraped, "Prometheus never scraped the exporter:\n\(server.diagnostics)")
            let history = try #require(scalar(server, "sum(llm_usage_cost_usd_total)"))
            #expect(history > 40)
            #expect(scalar(server, "sum(increase(llm_usage_cost_usd_total[1m]))") == 0)
            #expect(scalar(server, "instance:llm_usage_cost_usd:increase1h") == 0)
            // Prometheus negotiated OpenMetrics: 2.42 stores the counters' _created samples as series.
            #expect(!server.query("llm_usage_requests_created").isEmpty, "\(server.diagnostics)")

            // Two requests for a model the exporter has not seen, then one more.
            let session = "projects/-home-dev-src-p0/live.jsonl"
            let now = Self.timestamp(Date())
            tree.write(
                session,
                assistantLine(
                    id: "live-1", model: "claude-opus-4-1", input: 50_000, output: 20_000, timestamp: now,
                    cwd: "/home/dev/src/p0")
                    + assistantLine(
                        id: "live-2", model: "claude-opus-4-1", input: 40_000, output: 10_000, timestamp: now,
                        cwd: "/home/dev/src/p0"))
            usleep(3_000_000)
            tree.append(
                session,
                assistantLine(
                    id: "live-3", model: "claude-opus-4-1", input: 1000, output: 500, timestamp: now,
                    cwd: "/home/dev/src/p0"))
            // $2.25 + $1.35 + $0.0525, at $15 and $75 per million input and output tokens.
            let expected = 3.6525
            let released = EndToEndTests.waitUntil(seconds: 30) {
                exported(exporter, model: "claude-opus-4-1").map { abs($0 - expected) < 1e-9 } ?? false
            }
            try #require(released, "\(String(describing: exported(exporter, model: "claude-opus-4-1")))")
            let query = #"llm_usage_cost_usd_total{model="claude-opus-4-1"}"#
            let seen = EndToEndTests.waitUntil(seconds: 30) {
                (scalar(server, "count_over_time(\(query)[1m])") ?? 0) >= 5
                    && scalar(server, query).map { abs($0 - expected) < 1e-9 } ?? false
            }
            try #require(seen, "Prometheus never had the value:\n\(server.diagnostics)")
            // Born at zero: Prometheus's first sample of the series is 0.
            #expect(scalar(server, "min_over_time(\(query)[5m])") == 0)
            // At the newest sample's own time, increase() neither misses nor extrapolates.
            let last = try #require(scalar(server, "timestamp(\(query))"))
            let increase = try #require(scalar(server, "sum(increase(\(query)[5m]))", at: last))
            #expect(abs(increase - expected) <= 0.01 * expected, "increase \(increase), spent \(expected)")
            // The recording rules and rate() see it too (their windows end between two samples:
            // extrapolation adds at most one scrape interval's share).
            let recorded = EndToEndTests.waitUntil(seconds: 20) {
                let value = scalar(server, #"model:llm_usage_cost_usd:increase1h{model="claude-opus-4-1"}"#) ?? 0
                return value >= expected * 0.99 && value <= expected * 1.2
            }
            #expect(recorded, "\(server.values(#"model:llm_usage_cost_usd:increase1h"#))")
            let hourly = scalar(server, "instance:llm_usage_cost_usd:increase1h") ?? 0
            #expect(hourly >= expected * 0.99 && hourly <= expected * 1.2, "\(hourly)")
        }
    }
}
