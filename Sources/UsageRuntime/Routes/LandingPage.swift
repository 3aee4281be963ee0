import UsageExposition
import UsageModel
import UsageSystem

/// The HTML page served at `/`: name, version, a link to the metrics, the sources and their state.
enum LandingPage {
    static func render(_ snapshot: UsageSnapshot, telemetryPath: String) -> [UInt8] {
        var rows = ""
        for status in snapshot.sources {
            let state: String
            switch status.state {
            case .ok: state = "ok"
            case .missing: state = "missing (read when it appears)"
            case .error(let message): state = "error: " + message
            }
            rows +=
                "<tr><td>\(escape(status.source))</td><td>\(escape(PathName.display(status.path)))</td><td>\(status.files)</td><td>\(escape(state))</td></tr>\n"
        }
        if rows.isEmpty { rows = "<tr><td colspan=\"4\">no sources enabled</td></tr>\n" }
        var warning = ""
        if let failing = snapshot.counters.stateSaves?.failing {
            warning =
                "<p><strong>The state cannot be saved (\(escape(failing.reason.rawValue))) since \(LandingPage.utc(failing.sinceSeconds)):</strong> "
                + "what was counted since the last save, at \(LandingPage.utc(snapshot.counters.stateSaves!.lastSuccessSeconds)), "
                + "is lost if the exporter stops and its files are deleted. See the log and llm_usage_state_save_failures_total.</p>\n"
        }
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>llm-usage-exporter</title></head>
            <body>
            <h1>llm-usage-exporter</h1>
            <p>Version \(escape(ExporterVersion.version)) (branch \(escape(ExporterVersion.branch)), revision \(escape(ExporterVersion.revision))). \
            \(snapshot.ready ? "Ready." : "Catching up with the sources; not ready yet.")</p>
            <p><a href="\(escape(telemetryPath))">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
            \(warning)            <h2>Sources</h2>
            <table>
            <tr><th>source</th><th>path</th><th>files</th><th>state</th></tr>
            \(rows)</table>
            </body>
            </html>

            """
        return Array(html.utf8)
    }

    /// Unix seconds as an ISO 8601 UTC time.
    static func utc(_ seconds: Double) -> String { UTCTime.iso(Int64(seconds * 1000)) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
