import Foundation
import UsageServer
import UsageSystem

/// A real Prometheus (from Debian's `prometheus` package) scraping one target every second,
/// queried through its HTTP API. Stopped on deinit.
package final class PrometheusServer {
    package let port: UInt16
    private let work = TempTree()
    private let process: Process

    /// Starts Prometheus scraping `127.0.0.1:targetPort` as job `llm-usage`, with `ruleFiles`
    /// (name -> content, written beside its config) and, when given, an Alertmanager.
    package convenience init(
        executable: String, targetPort: UInt16, ruleFiles: [String: String] = [:], alertmanagerPort: UInt16? = nil
    ) throws {
        try self.init(
            executable: executable,
            scrapeConfigs: """
                  - job_name: llm-usage
                    static_configs: [{targets: ['127.0.0.1:\(targetPort)']}]
                """, ruleFiles: ruleFiles, alertmanagerPort: alertmanagerPort)
    }

    /// Starts Prometheus with `scrapeConfigs` (the YAML list under `scrape_configs:`, indented
    /// two spaces) and `extra` top-level configuration; `arguments` are added to its flags
    /// (`--enable-feature=agent`, ...).
    package init(
        executable: String, scrapeConfigs: String, extra: String = "", ruleFiles: [String: String] = [:],
        alertmanagerPort: UInt16? = nil, arguments: [String] = []
    ) throws {
        port = try PrometheusServer.freePort()
        for (name, content) in ruleFiles { work.write(name, content) }
        let rules = ruleFiles.keys.sorted().map { "  - \($0)" }.joined(separator: "\n")
        let alerting =
            alertmanagerPort.map {
                "alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['127.0.0.1:\($0)']}]\n"
            } ?? ""
        let agent = arguments.contains("--enable-feature=agent")
        work.write(
            "prometheus.yml",
            """
            global: {scrape_interval: 1s\(agent ? "" : ", evaluation_interval: 1s")}
            \(ruleFiles.isEmpty ? "" : "rule_files:\n" + rules)
            \(alerting)
            scrape_configs:
            \(scrapeConfigs)
            \(extra)
            """)
        let storage = agent ? "--storage.agent.path=\(work.path("data"))" : "--storage.tsdb.path=\(work.path("data"))"
        process = try ProcessRunner.start(
            executable,
            [
                "--config.file=\(work.path("prometheus.yml"))", storage,
                "--web.listen-address=127.0.0.1:\(port)",
            ] + arguments,
            log: work.path("prometheus.log"))
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// An instant query's result vector (empty when Prometheus is not answering yet), at
    /// `time` (Unix seconds) or now.
    package func query(_ promQL: String, at time: Double? = nil) -> [[String: Any]] {
        PrometheusServer.query(port: port, promQL, at: time)
    }

    /// An instant query to any server with Prometheus's query API (VictoriaMetrics too).
    package static func query(port: UInt16, _ promQL: String, at time: Double? = nil) -> [[String: Any]] {
        let encoded = promQL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let at = time.map { "&time=\($0)" } ?? ""
        guard let response = httpGet(port: port, "/api/v1/query?query=\(encoded)\(at)"), response.status == 200,
            let json = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
            let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { return [] }
        return result
    }

    /// A query's samples as (labels, value).
    package func values(_ promQL: String, at time: Double? = nil) -> [(labels: [String: String], value: Double)] {
        PrometheusServer.values(port: port, promQL, at: time)
    }

    package static func values(
        port: UInt16, _ promQL: String, at time: Double? = nil
    ) -> [(
        labels: [String: String], value: Double
    )] {
        query(port: port, promQL, at: time).compactMap { row in
            guard let metric = row["metric"] as? [String: String], let pair = row["value"] as? [Any],
                let text = pair.last as? String, let value = Double(text)
            else { return nil }
            return (metric, value)
        }
    }

    /// What went wrong, for a failed wait: the targets page and the end of the log.
    package var diagnostics: String {
        let log = (try? String(contentsOfFile: work.path("prometheus.log"), encoding: .utf8)) ?? ""
        let targets = httpGet(port: port, "/api/v1/targets")?.body ?? "no answer"
        return "\(targets)\n\(log.suffix(1000))"
    }

    package static func freePort() throws -> UInt16 {
        let probe = HTTPServer(configuration: .init(addresses: [ListenAddress(host: "127.0.0.1", port: 0)])) { _ in
            .text(200, "")
        }
        let port = try probe.start()[0]
        probe.stop()
        return port
    }
}
