import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// Issue 16, 6: a team. Three laptops' exporters scraped by a Prometheus agent that adds
/// `team` and `developer` target labels and remote-writes to a Prometheus (the bundled rules
/// evaluated there) and to VictoriaMetrics. What the dashboards and rules show there equals
/// what was spent, one laptop going to sleep included.
// Nested in BundleTests (serialized), as PrometheusValuesTests.
extension BundleTests {
    @Suite(.timeLimit(.minutes(5))) struct TeamScaleTests {
        static let root = TestPaths.packageRoot
        static let developers = ["ann", "bob", "cyd"]

        private func tool(_ name: String) throws -> String {
            try #require(
                ProcessRunner.which(name), "\(name) is needed (apt-get install prometheus victoria-metrics)")
        }

        /// A laptop: ten days of Sonnet history in project `app`, a $4 daily budget.
        private func startLaptop(_ developer: String, _ tree: TempTree) throws -> RunningExporter {
            let old = Date().addingTimeInterval(-10 * 86400)
            var lines = ""
            for index in 0..<200 {
                lines += assistantLine(
                    id: "\(developer)-h\(index)", model: "claude-sonnet-4-5", input: 2000, output: 300, cacheRead: 9000,
                    timestamp: BundleTests.PrometheusValuesTests.timestamp(old.addingTimeInterval(Double(index) * 60)),
                    cwd: "/home/\(developer)/src/app")
            }
            tree.write("projects/-home-\(developer)-src-app/history.jsonl", lines)
            var options = ExporterOptions()
            options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
            options[source: "claude_code"].paths = [tree.root]
            options[source: "codex"].enabled = false
            options.pollIntervalMillis = 250
            options.stateDir = ""
            options.user = developer
            options.timeZone = "UTC"
            options.budgets = [Budget(scope: .global, period: .day, amountUSD: 4)]
            return try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        }

        private func read(_ path: String) throws -> String {
            try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
        }

        private func close(_ value: Double?, _ expected: Double, within tolerance: Double) -> Bool {
            value.map { abs($0 - expected) <= tolerance * expected } ?? false
        }

        @Test func aTeamsSpendOnRulesDashboardsAndVictoriaMetricsWithALaptopAsleep() throws {
            let prometheus = try tool("prometheus")
            let victoria = try tool("victoria-metrics")
            let trees = Self.developers.map { _ in TempTree() }
            var laptops = try zip(Self.developers, trees).map { try startLaptop($0, $1) }
            defer { for laptop in laptops { laptop.stop() } }

            // The Prometheus that receives the team's samples and evaluates the bundled rules (the
            // alerts without their `for`, to fire within the test).
            let rules = [
                "recording.yml": try read("rules/recording.yml"),
                "alerts.yml": try read("rules/alerts.yml").replacing(/for: \w+/, with: "for: 0s"),
            ]
            let receiver = try PrometheusServer(
                executable: prometheus, scrapeConfigs: "  []", ruleFiles: rules,
                arguments: ["--web.enable-remote-write-receiver"])
            let work = TempTree()
            let vmPort = try PrometheusServer.freePort()
            let vm = try ProcessRunner.start(
                victoria,
                [
                    "-storageDataPath=\(work.path("vm"))", "-httpListenAddr=127.0.0.1:\(vmPort)",
                    "-search.latencyOffset=1s", "-retentionPeriod=1y",
                ], log: work.path("vm.log"))
            defer {
                vm.terminate()
                vm.waitUntilExit()
            }
            // The README's team scrape config: each laptop a target with its team and developer.
            let targets = zip(Self.developers, laptops).map { developer, laptop in
                "        - targets: ['127.0.0.1:\(laptop.ports[0])']\n          labels: {team: core, developer: \(developer)}"
            }
            let agent = try PrometheusServer(
                executable: prometheus,
                scrapeConfigs: "  - job_name: laptops\n    static_configs:\n" + targets.joined(separator: "\n"),
                extra: """
                    remote_write:
                      - url: http://127.0.0.1:\(receiver.port)/api/v1/write
                        queue_config: {batch_send_deadline: 1s}
                      - url: http://127.0.0.1:\(vmPort)/api/v1/write
                        queue_config: {batch_send_deadline: 1s}
                    """, arguments: ["--enable-feature=agent"])
            func value(_ query: String, range: String = "10m") -> Double? {
                let values = receiver.values(BundleTests.substituted(query, range: range))
                return values.count == 1 ? values[0].value : nil
            }
            func vmValue(_ query: String) -> Double? {
                let values = PrometheusServer.values(port: vmPort, query)
                return values.count == 1 ? values[0].value : nil
            }

            let warm = EndToEndTests.waitUntil(seconds: 60) {
                value(#"count(count_over_time(llm_usage_exporter_ready{team="core"}[1m]) >= 15)"#) == 3
                    && receiver.values("instance:llm_usage_cost_usd:increase1h").count == 3
            }
            try #require(warm, "the receiver never had the team:\n\(receiver.diagnostics)\n\(agent.diagnostics)")
            // Ten days of history are not spend in the window, on Prometheus.
            let history = try #require(value("sum(llm_usage_cost_usd_total)"))
            #expect(history > 1)
            #expect(value("sum(instance:llm_usage_cost_usd:increase1h)") == 0)
            // VictoriaMetrics has the same counters; its increase() counts the history a series
            // starts with, increase_prometheus() does not (README, VictoriaMetrics).
            let reached = EndToEndTests.waitUntil(seconds: 30) {
                close(vmValue("sum(llm_usage_cost_usd_total)"), history, within: 1e-9)
            }
            #expect(reached, "VictoriaMetrics: \(String(describing: vmValue("sum(llm_usage_cost_usd_total)")))")
            #expect(close(vmValue("sum(increase(llm_usage_cost_usd_total[5m]))"), history, within: 0.01))
            #expect(vmValue("sum(increase_prometheus(llm_usage_cost_usd_total[5m]))") == 0)

            // The day's spend: ann two Opus requests (a model no one has used), bob one Sonnet in
            // his project, cyd a large Sonnet request in a new project.
            let now = BundleTests.PrometheusValuesTests.timestamp(Date())
            trees[0].write(
                "projects/-home-ann-src-app/live.jsonl",
                assistantLine(
                    id: "ann-1", model: "claude-opus-4-1", input: 50_000, output: 20_000, cacheRead: 100_000,
                    timestamp: now, cwd: "/home/ann/src/app")
                    + assistantLine(
                        id: "ann-2", model: "claude-opus-4-1", input: 40_000, output: 10_000, timestamp: now,
                        cwd: "/home/ann/src/app"))
            trees[1].write(
                "projects/-home-bob-src-app/live.jsonl",
                assistantLine(
                    id: "bob-1", model: "claude-sonnet-4-5", input: 100_000, output: 10_000, cacheRead: 200_000,
                    timestamp: now, cwd: "/home/bob/src/app"))
            trees[2].write(
                "projects/-home-cyd-src-api/live.jsonl",
                assistantLine(
                    id: "cyd-1", model: "claude-sonnet-4-5", input: 500_000, output: 100_000, cacheRead: 1_000_000,
                    timestamp: now, cwd: "/home/cyd/src/api"))
            // Opus: $2.40 + $1.35. Sonnet past 200k prompt tokens, at its long-context prices ($6,
            // $22.50 and $0.60 per million): $0.60 + $0.225 + $0.12, and $3 + $2.25 + $0.60.
            let spent = ["ann": 3.75, "bob": 0.945, "cyd": 5.85]
            let total = 10.545
            // Tokens read from the cache over prompt tokens: 1.3M of 1.99M.
            let efficiency = 1_300_000.0 / 1_990_000.0
            let arrived = EndToEndTests.waitUntil(seconds: 60) {
                close(value(#"sum(llm_usage_period_cost_usd{period="day"})"#), total, within: 1e-9)
                    && (value(#"min(count_over_time(llm_usage_cost_usd_total{model="claude-opus-4-1"}[1m]))"#) ?? 0)
                        >= 40
            }
            try #require(
                arrived,
                """
                the day's spend never arrived: \(receiver.values(#"llm_usage_period_cost_usd{period="day"}"#)) \
                \(receiver.values(#"count_over_time(llm_usage_cost_usd_total{model="claude-opus-4-1"}[1m])"#))
                """)
            usleep(3_000_000)

            // What the dashboards show (within 3 %: a window ending between two scrapes
            // extrapolates by at most a scrape interval over the 40 s since the spend).
            let overview = try dashboardQueries("overview")
            #expect(close(value(try #require(overview["Spend in range"])), total, within: 0.03))
            #expect(close(value(try #require(overview["Spend today"])), total, within: 1e-9))
            #expect(close(value(try #require(overview["Cache efficiency (24h)"])), efficiency, within: 0.03))
            let byModel = receiver.values(
                BundleTests.substituted(try #require(overview["Cost by model (range)"]), range: "10m"))
            #expect(close(byModel.first { $0.labels["model"] == "claude-opus-4-1" }?.value, 3.75, within: 0.03))
            let byDeveloper = receiver.values(
                BundleTests.substituted(try #require(overview["Cost by developer (range)"]), range: "10m"))
            for (developer, cost) in spent {
                #expect(
                    close(byDeveloper.first { $0.labels["user"] == developer }?.value, cost, within: 0.03),
                    "\(developer)")
            }
            // Recorded series keep the target labels; nothing collides with them.
            let recorded = receiver.values("instance:llm_usage_cost_usd:increase1h")
            #expect(Set(recorded.compactMap { $0.labels["developer"] }) == Set(Self.developers))
            #expect(recorded.allSatisfy { $0.labels["team"] == "core" && $0.labels["job"] == "laptops" })
            #expect(close(recorded.first { $0.labels["developer"] == "cyd" }?.value, 5.85, within: 0.03))
            let labels = httpGet(port: receiver.port, "/api/v1/labels")?.body ?? ""
            #expect(labels.contains("\"developer\"") && !labels.contains("exported_"), "\(labels)")
            // The team is at 88 % of its $12: a warning, no page.
            let warned = EndToEndTests.waitUntil(seconds: 20) {
                receiver.values(#"ALERTS{alertname="LLMUsageTeamBudgetUse",alertstate="firing"}"#).map {
                    $0.labels["severity"]
                }
                    == ["warning"]
            }
            #expect(warned, "\(receiver.values("ALERTS"))")

            // cyd closes the lid: the live gauges drop her spend, the carried ones keep it.
            laptops[2].stop()
            let asleep = EndToEndTests.waitUntil(seconds: 30) {
                close(value(#"sum(llm_usage_period_cost_usd{period="day"})"#), 4.695, within: 1e-9)
                    && value(#"up{developer="cyd"}"#) == 0
            }
            try #require(asleep, "\(receiver.diagnostics)")
            usleep(3_000_000)
            #expect(close(value(try #require(overview["Spend today"])), total, within: 1e-9))
            #expect(
                receiver.values(#"ALERTS{alertname="LLMUsageTeamBudgetUse",alertstate="firing"}"#).map {
                    $0.labels["severity"]
                } == ["warning"])
            // A laptop that sleeps never pages.
            #expect(receiver.values(#"ALERTS{alertname="LLMUsageExporterDown"}"#).isEmpty)
            laptops.removeLast()
        }

        /// A dashboard's queries by panel title.
        private func dashboardQueries(_ name: String) throws -> [String: String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/grafana/dashboards/\(name).json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var queries: [String: String] = [:]
            for panel in json["panels"] as? [[String: Any]] ?? [] {
                let targets = panel["targets"] as? [[String: Any]] ?? []
                if let title = panel["title"] as? String, let expr = targets.first?["expr"] as? String {
                    queries[title] = expr
                }
            }
            return queries
        }
    }
}
