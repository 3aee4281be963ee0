import ByteJSON
import UsageExposition
import UsageRuntime

/// `llm-usage-exporter statusline`: one line for Claude Code's status bar, from the JSON
/// Claude Code writes on standard input and the running exporter's gauges.
enum StatusLine {
    /// What Claude Code sends (`session_id`, `transcript_path`, `model.display_name`, `cost.total_cost_usd`).
    struct Input: Equatable {
        var sessionID: String?
        var model: String?
        var sessionCostUSD: Double?
    }

    static func parseInput(_ bytes: [UInt8]) -> Input {
        guard let document = try? JSONValue.parse(bytes) else { return Input() }
        return Input(
            sessionID: document["session_id"]?.stringValue, model: document["model"]?["display_name"]?.stringValue,
            sessionCostUSD: document["cost"]?["total_cost_usd"]?.doubleValue)
    }

    /// The line, from the exposition text of a running exporter (nil when none answered).
    static func render(_ input: Input, metrics: String?, nowSeconds: Double) -> String {
        var parts: [String] = [input.model ?? "Claude"]
        guard let metrics else {
            if let cost = input.sessionCostUSD { parts.append("session \(TextTable.dollars(cost))") }
            parts.append("exporter not reachable")
            return parts.joined(separator: " | ")
        }
        var today = 0.0
        var sessionCost: Double?
        var block: [String: Double] = [:]
        var budget: (ratio: Double, period: String)?
        for line in relevantLines(metrics) {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            if series.hasPrefix("llm_usage_period_cost_usd{"), series.contains(#"period="day""#) {
                today += value
            } else if series.hasPrefix("llm_usage_block_") {
                block[String(series)] = value
            } else if series.hasPrefix("llm_usage_session_cost_usd{"), let id = input.sessionID,
                series.contains(#"session_id="\#(id)""#)
            {
                sessionCost = (sessionCost ?? 0) + value
            } else if series.hasPrefix("llm_usage_budget_used_ratio{"), value > (budget?.ratio ?? -1) {
                let period = series.firstRange(of: #"period=""#).map { range in
                    String(series[range.upperBound...].prefix { $0 != "\"" })
                }
                budget = (value, period ?? "")
            }
        }
        if let cost = sessionCost ?? input.sessionCostUSD { parts.append("session \(TextTable.dollars(cost))") }
        parts.append("today \(TextTable.dollars(today))")
        if block["llm_usage_block_active"] == 1, let cost = block["llm_usage_block_cost_usd"],
            let end = block["llm_usage_block_end_timestamp_seconds"]
        {
            let left = max(0, Int(end - nowSeconds))
            parts.append(
                "block \(TextTable.dollars(cost)), \(left / 3600)h\(left / 60 % 60 < 10 ? "0" : "")\(left / 60 % 60)m left"
            )
            if let rate = block["llm_usage_block_burn_rate_usd_per_hour"] {
                parts.append("\(TextTable.dollars(rate))/h")
            }
        }
        if let budget { parts.append("budget \(budget.period) \(Int((budget.ratio * 100).rounded()))%") }
        return parts.joined(separator: " | ")
    }

    /// The families the line uses, found without splitting the whole exposition (it can hold
    /// tens of thousands of series): a line is looked at only when its first bytes match.
    private static func relevantLines(_ metrics: String) -> [Substring] {
        let prefixes = [
            "llm_usage_period_cost_usd{", "llm_usage_block_", "llm_usage_session_cost_usd{",
            "llm_usage_budget_used_ratio{",
        ].map { Array($0.utf8) }
        var lines: [Substring] = []
        let utf8 = metrics.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = utf8[start..<end]
            if line.first == UInt8(ascii: "l"), prefixes.contains(where: { line.starts(with: $0) }) {
                lines.append(Substring(line))
            }
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
        return lines
    }
}
