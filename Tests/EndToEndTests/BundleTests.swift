import Foundation
import Synchronization
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// The bundle: prometheus.yml, rules, Alertmanager routing and Grafana dashboards, each checked
/// by the real tools, and the dashboards' queries and the alerts run end to end.
@Suite(.serialized, .timeLimit(.minutes(4))) struct BundleTests {
    static let root = TestPaths.packageRoot

    private func tool(_ name: String) throws -> String {
        try #require(
            ProcessRunner.which(name), "\(name) is needed (apt-get install prometheus prometheus-alertmanager)")
    }

    /// Runs a tool on files of the package, given relative to its root.
    private func run(_ tool: String, _ arguments: [String], files: [String]) throws -> ProcessRunner.Output {
        try ProcessRunner.run(tool, arguments + files.map { Self.root + "/" + $0 })
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
    }

    @Test func theRealToolsAcceptTheConfigurationRulesAndRuleTests() throws {
        let promtool = try tool("promtool")
        let checks: [([String], [String])] = [
            (["check", "config"], ["prometheus.yml"]),
            (["check", "rules"], ["rules/recording.yml", "rules/alerts.yml", "rules/claude-code-names.yml"]),
            (["test", "rules"], ["rules/tests/rules_test.yml"]),
        ]
        for (arguments, files) in checks {
            let result = try run(promtool, arguments, files: files)
            #expect(result.status == 0, "promtool \(arguments):\n\(result.stdout)\(result.stderr)")
        }
        let amtool = try tool("amtool")
        let check = try run(amtool, ["check-config"], files: ["alertmanager.yml"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func everyThresholdOfTheReferenceTableIsCarriedByARule() throws {
        let rules = try read("rules/alerts.yml")
        for expression in [
            "llm_usage_session_cost_usd > 1", "llm_usage_session_cost_usd > 5", "llm_usage_branch_cost_usd > 5",
            "llm_usage_branch_cost_usd > 20", "instance:llm_usage_cost_usd:increase1h > 10",
            "instance:llm_usage_cost_usd:increase1h > 50", #"(llm_usage_period_cost_usd{period="day"}) > 50"#,
            #"(llm_usage_period_cost_usd{period="day"}) > 200"#, "app_service:llm_usage_cost_usd:increase1d > 10",
            #"llm_usage_budget_alert_ratio{severity="warning"}"#, #"llm_usage_budget_alert_ratio{severity="critical"}"#,
            "instance:llm_usage_cache_efficiency:ratio1d < 0.1",
            "instance:llm_usage_estimation_error_ratio:p90_1d > 0.05", "llm_usage_capture_failures_total",
            "llm_usage_unpriced_requests_total", "llm_usage_lines_rejected_total", "llm_usage_source_errors_total",
            "up == 0", "llm_usage_exporter_ready == 0", "llm_usage_last_event_timestamp_seconds",
            "llm_usage_block_projected_tokens > on (job, instance) llm_usage_block_limit_tokens",
        ] {
            #expect(rules.contains(expression), "no rule for \(expression)")
        }
        // A month over its budget is past the critical level: LLMUsageBudgetUse pages for it,
        // once (issue 16: a second alert for the same overspend paged twice).
        #expect(!rules.contains("LLMUsageMonthlyBudgetExceeded"))
        #expect(rules.contains("over its budget"))
        #expect(!rules.contains("job=\"llm-usage\""))
        // Every alert has a severity, a summary and a description; repeat at most hourly.
        let alerts = rules.components(separatedBy: "- alert: ").dropFirst()
        #expect(alerts.count == 25)
        for alert in alerts {
            #expect(alert.contains("severity: warning") || alert.contains("severity: critical"), "\(alert.prefix(40))")
            #expect(alert.contains("summary: ") && alert.contains("description: "), "\(alert.prefix(40))")
        }
        #expect(try read("alertmanager.yml").contains("repeat_interval: 1h"))
    }

    /// Each dashboard and its panels, as parsed JSON.
    private func dashboards() throws -> [(name: String, json: [String: Any])] {
        try ["overview", "teams", "exporter-health"].map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/grafana/dashboards/\(name).json"))
            return (name, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
        }
    }

    /// A dashboard query with Grafana's variables as a selection of everything would set them.
    static func substituted(_ expr: String, range: String = "1h") -> String {
        expr.replacingOccurrences(of: "$job", with: ".+")
            .replacingOccurrences(of: "$instance", with: ".+")
            .replacingOccurrences(of: "$team", with: ".*")
            .replacingOccurrences(of: "$developer", with: ".*")
            .replacingOccurrences(of: "$__rate_interval", with: "1m")
            .replacingOccurrences(of: "$__interval", with: "1m")
            .replacingOccurrences(of: "$__range", with: range)
    }

    private func queries(_ dashboard: [String: Any]) -> [(panel: String, expr: String)] {
        (dashboard["panels"] as? [[String: Any]] ?? []).flatMap { panel in
            (panel["targets"] as? [[String: Any]] ?? []).map {
                (panel["title"] as? String ?? "?", $0["expr"] as? String ?? "")
            }
        }
    }

    @Test func dashboardsFollowTheConventions() throws {
        var uids: Set<String> = []
        for (name, dashboard) in try dashboards() {
            #expect(dashboard["id"] is NSNull, "\(name): id must be null")
            #expect(uids.insert(dashboard["uid"] as? String ?? "").inserted, "\(name): uid")
            #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 36)
            let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
            let byName = Dictionary(uniqueKeysWithValues: variables.map { ($0["name"] as? String ?? "", $0) })
            #expect(byName["datasource"]?["type"] as? String == "datasource", "\(name): datasource variable")
            #expect(byName["datasource"]?["query"] as? String == "prometheus")
            for variable in ["job", "instance"] {
                #expect(byName[variable]?["allValue"] as? String == ".+", "\(name): \(variable) variable")
                #expect(byName[variable]?["multi"] as? Bool == true)
            }
            // A team's target labels (README: a team's scrape config); ".*" matches their absence.
            for variable in ["team", "developer"] {
                #expect(byName[variable]?["allValue"] as? String == ".*", "\(name): \(variable) variable")
            }
            // Issue 16, 5: provisioned read-only, linked to each other.
            #expect(dashboard["editable"] as? Bool == false, "\(name): editable")
            let links = dashboard["links"] as? [[String: Any]] ?? []
            #expect(
                links.contains { $0["type"] as? String == "dashboards" && ($0["tags"] as? [String]) == ["llm-usage"] })
            #expect((dashboard["tags"] as? [String] ?? []).contains("llm-usage"))
            let panels = dashboard["panels"] as? [[String: Any]] ?? []
            #expect(panels.count >= 10)
            for panel in panels {
                let title = panel["title"] as? String ?? ""
                #expect(!title.isEmpty)
                #expect(!(panel["description"] as? String ?? "").isEmpty, "\(name)/\(title): description")
                // A row is a heading: no query, no unit.
                if panel["type"] as? String == "row" {
                    #expect(panel["targets"] == nil, "\(name)/\(title)")
                    continue
                }
                let unit = ((panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any])?["unit"] as? String
                #expect(!(unit ?? "").isEmpty, "\(name)/\(title): unit")
                #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == "${datasource}")
                let targets = panel["targets"] as? [[String: Any]] ?? []
                for target in targets {
                    #expect((target["datasource"] as? [String: Any])?["uid"] as? String == "${datasource}")
                }
                let expressions = targets.map { $0["expr"] as? String ?? "" }
                // Cost over time in fixed buckets: each bar is its own interval's increase.
                if panel["type"] as? String == "timeseries", expressions.contains(where: { $0.contains("increase(") }) {
                    #expect(panel["interval"] as? String != nil, "\(name)/\(title): a minimum interval")
                    #expect(
                        expressions.allSatisfy { !$0.contains("increase(") || $0.contains("[$__interval])") },
                        "\(name)/\(title)")
                }
                // Tables show the labels that matter, not __name__, job or instance.
                if panel["type"] as? String == "table" {
                    let organize = (panel["transformations"] as? [[String: Any]] ?? []).first {
                        $0["id"] as? String == "organize"
                    }
                    let hidden = (organize?["options"] as? [String: Any])?["excludeByName"] as? [String: Bool] ?? [:]
                    #expect(
                        hidden["__name__"] == true && hidden["job"] == true && hidden["instance"] == true,
                        "\(name)/\(title)")
                }
                // Budget thresholds come from the exporter's alert ratios.
                if title == "Budget use" {
                    #expect(expressions.contains { $0.contains(#"llm_usage_budget_alert_ratio{severity="warning""#) })
                    #expect(expressions.contains { $0.contains(#"llm_usage_budget_alert_ratio{severity="critical""#) })
                    #expect(
                        (panel["transformations"] as? [[String: Any]] ?? []).filter {
                            $0["id"] as? String == "configFromData"
                        }.count == 2)
                }
            }
            for (title, expr) in queries(dashboard) {
                #expect(expr.contains(#"job=~"$job""#) && expr.contains(#"instance=~"$instance""#), "\(title): \(expr)")
                #expect(expr.contains(#"team=~"$team",developer=~"$developer""#), "\(title): \(expr)")
                // No average of ratios.
                #expect(!expr.contains("avg(instance:llm_usage_cache_efficiency"), "\(title): \(expr)")
                // Every counter is read through rate() or increase().
                for match in expr.matches(of: /([a-z_:]+_total)\{/) {
                    let before = expr[..<match.range.lowerBound]
                    #expect(
                        before.hasSuffix("rate(") || before.hasSuffix("increase("),
                        "\(title): \(match.output.1) in \(expr)")
                }
                #expect(!expr.contains("DS_PROMETHEUS"))
            }
        }
    }

    /// An exporter fed with every source's fixtures written "now", over a budget.
    private func startFedExporter(_ tree: TempTree) throws -> RunningExporter {
        let python = try #require(ProcessRunner.which("python3"))
        let generated = try ProcessRunner.run(
            python, [Self.root + "/scripts/generate-source-fixtures.py", tree.path("logs"), "--seed", "5"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = Date()
        let lines = (0..<6).map { index in
            assistantLine(
                id: "live-\(index)", input: 2000, output: 300, cacheRead: 40_000,
                timestamp: formatter.string(from: now.addingTimeInterval(Double(index - 6) * 300))
            )
            .replacingOccurrences(of: #""sessionId":"s""#, with: #""sessionId":"live","gitBranch":"feature-x""#)
        }
        tree.write("claude/projects/-home-u-app/live.jsonl", lines.joined())
        // Tools, edits, errors, prompts and subagents for the activity row.
        ActivityFixtures.write(tree, under: "claude/", time: formatter.string(from: now.addingTimeInterval(-120)))
        tree.write(
            "logs/ci/token-usage-live.jsonl",
            SourceFixtures.teamUsage(
                session: "live", input: 1000, output: 100,
                timestamp: formatter.string(from: now.addingTimeInterval(-60))))
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options.pollIntervalMillis = 200
        options.stateDir = ""
        options[source: "claude_code"].paths = [tree.path("claude")]
        options[source: "codex"].paths = [tree.path("logs/codex")]
        options[source: "team_usage"].paths = [tree.path("logs/ci/token-usage-*.jsonl")]
        options[source: "prompt_audit"].paths = [tree.path("logs/ci/prompt-audit-*.jsonl")]
        options[source: "events"].paths = [tree.path("logs/apps/*.jsonl")]
        options.budgets = [
            Budget(scope: .global, period: .day, amountUSD: 0.01),
            Budget(scope: .project, scopeValue: "app", period: .month, amountUSD: 1000),
        ]
        options.blockTokenLimit = .tokens(100_000)
        options.timeZone = "UTC"
        return try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
    }

    private func bundledRules(zeroFor: Bool) throws -> [String: String] {
        var alerts = try read("rules/alerts.yml")
        if zeroFor { alerts = alerts.replacing(/for: \w+/, with: "for: 0s") }
        return ["recording.yml": try read("rules/recording.yml"), "alerts.yml": alerts]
    }

    @Test func everyDashboardQueryReturnsASeriesFromARealPrometheus() throws {
        let tree = TempTree()
        let exporter = try startFedExporter(tree)
        defer { exporter.stop() }
        let server = try PrometheusServer(
            executable: try tool("prometheus"), targetPort: exporter.ports[0],
            ruleFiles: try bundledRules(zeroFor: false))
        // rate() and the recording rules need a few scrapes and evaluations.
        let warm = EndToEndTests.waitUntil(seconds: 60) {
            !server.query("instance:llm_usage_cache_efficiency:ratio1d").isEmpty
                && !server.query("rate(llm_usage_cost_usd_total[1m])").isEmpty
                && !server.query("ALERTS").isEmpty
        }
        try #require(warm, "Prometheus never had the data:\n\(server.diagnostics)")
        var empty: [String] = []
        for (name, dashboard) in try dashboards() {
            for (title, expr) in queries(dashboard) {
                let query = Self.substituted(expr)
                // The Teams dashboard's notice of sources not configured: every one is, here.
                if expr.hasPrefix("absent(") {
                    #expect(server.query(query).isEmpty, "\(name)/\(title): \(query)")
                    continue
                }
                if server.query(query).isEmpty { empty.append("\(name)/\(title): \(query)") }
            }
        }
        #expect(empty == [], "queries without a series:\n\(empty.joined(separator: "\n"))")
    }

    @Test func aBudgetAlertReachesAWebhookThroughAlertmanagerAndOneUnderItsThresholdDoesNot() throws {
        let alertmanager = try tool("prometheus-alertmanager")
        let python = try #require(ProcessRunner.which("python3"))
        let tree = TempTree()
        let exporter = try startFedExporter(tree)
        defer { exporter.stop() }

        // A webhook receiver: appends every POST body to a file.
        let hookPort = try PrometheusServer.freePort()
        tree.write(
            "hook.py",
            """
            import http.server, signal, sys
            # The test runner may block or ignore SIGTERM, and children inherit that.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            class Hook(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers['Content-Length']))
                    with open(sys.argv[2], 'ab') as out: out.write(body + b'\\n')
                    self.send_response(200); self.end_headers()
                def log_message(self, *args): pass
            http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Hook).serve_forever()
            """)
        let hook = try ProcessRunner.start(
            python, [tree.path("hook.py"), "\(hookPort)", tree.path("received.jsonl")], log: tree.path("hook.log"))
        defer {
            kill(hook.processIdentifier, SIGKILL)
            hook.waitUntilExit()
        }
        // The bundled routing, with the webhook on the test's port and short waits.
        let routing = try read("alertmanager.yml")
            .replacingOccurrences(of: "http://localhost:10121/alerts", with: "http://127.0.0.1:\(hookPort)/alerts")
            .replacing(/group_wait: \w+/, with: "group_wait: 0s")
            .replacing(/group_interval: \w+/, with: "group_interval: 1s")
        tree.write("alertmanager.yml", routing)
        let amPort = try PrometheusServer.freePort()
        let am = try ProcessRunner.start(
            alertmanager,
            [
                "--config.file=\(tree.path("alertmanager.yml"))", "--storage.path=\(tree.path("am"))",
                "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
            ], log: tree.path("alertmanager.log"))
        defer {
            am.terminate()
            am.waitUntilExit()
        }
        let server = try PrometheusServer(
            executable: try tool("prometheus"), targetPort: exporter.ports[0],
            ruleFiles: try bundledRules(zeroFor: true),
            alertmanagerPort: amPort)
        func received() -> [[String: Any]] {
            let text = (try? String(contentsOfFile: tree.path("received.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").flatMap { line -> [[String: Any]] in
                let payload = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
                return payload?["alerts"] as? [[String: Any]] ?? []
            }
        }
        func budgetAlerts() -> [[String: String]] {
            received().compactMap { $0["labels"] as? [String: String] }.filter {
                $0["alertname"] == "LLMUsageBudgetUse"
            }
        }
        // Warning and critical start together; the critical one must arrive.
        let arrived = EndToEndTests.waitUntil(seconds: 90) { budgetAlerts().contains { $0["severity"] == "critical" } }
        let log = (try? String(contentsOfFile: tree.path("alertmanager.log"), encoding: .utf8)) ?? ""
        try #require(
            arrived, "no critical budget alert reached the webhook:\n\(server.diagnostics)\n\(log.suffix(1500))")
        let alert = try #require(
            received().first {
                let labels = $0["labels"] as? [String: String]
                return labels?["alertname"] == "LLMUsageBudgetUse" && labels?["severity"] == "critical"
            })
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["period"] == "day")
        #expect(labels["scope"] == "global")
        #expect(labels["job"] == "llm-usage")
        let annotations = try #require(alert["annotations"] as? [String: String])
        #expect(annotations["summary"] == "A budget is used past its critical level.")
        #expect(annotations["description"]?.hasPrefix("The day budget of global is ") == true)
        // Alertmanager holds the warning of the same budget as inhibited by the critical one.
        let inhibited = EndToEndTests.waitUntil(seconds: 20) {
            let body = httpGet(port: amPort, "/api/v2/alerts?filter=alertname%3D%22LLMUsageBudgetUse%22")?.body ?? ""
            let alerts = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
            return alerts.contains { alert in
                let labels = alert["labels"] as? [String: String]
                let status = alert["status"] as? [String: Any]
                return labels?["severity"] == "warning" && labels?["scope"] == "global"
                    && !((status?["inhibitedBy"] as? [String]) ?? []).isEmpty
            }
        }
        #expect(inhibited, "the warning was not inhibited by the critical alert")
        // The project's monthly budget is far from its levels: never sent.
        usleep(3_000_000)
        #expect(!budgetAlerts().contains { $0["scope"] == "project" })
    }
}
