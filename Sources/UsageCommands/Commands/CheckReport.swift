import UsageIngest
import UsageModel
import UsageRuntime

/// `llm-usage-exporter check`: reads every source once, as the exporter would, and says what
/// it found: the config, each source path (found, readable, files and lines), models without
/// a price, and rejected lines by reason with a few `file:line` examples.
enum CheckReport {
    struct Result {
        var text: String
        /// Things to fix: unreadable or missing configured paths, rejected lines, unpriced models.
        var problems: Int
    }

    static func run(_ exporter: Exporter) throws(UsageError) -> Result {
        let options = exporter.options
        var ledger = try exporter.makeLedger()
        let sources = exporter.makeSources(checkingEveryLine: true)
        Ingestor.catchUp(sources, ledger: &ledger)
        let counters = ledger.counters
        let health = counters.health
        var lines: [String] = []
        var problems = 0
        func problem(_ text: String) {
            lines.append("  problem: " + text)
            problems += 1
        }

        lines.append("config: " + (options.configFile.map { "\($0): ok" } ?? "no config file (defaults and flags)"))
        lines.append("prices: \(ledger.prices.entries.count) models priced (see `llm-usage-exporter pricing`)")
        for source in sources {
            let sourceHealth = health[source.name] ?? SourceHealth()
            lines.append(
                "source \(source.name): \(sourceHealth.filesWatched) files, \(sourceHealth.linesRead) lines, "
                    + "\(sourceHealth.rejectedTotal) rejected, \(sourceHealth.duplicateLines) duplicate lines")
            // A path the user gave that is missing is a problem; a default one is not.
            let explicit = options[source: source.name].paths != nil
            for status in source.statuses {
                switch status.state {
                case .ok:
                    lines.append("  \(status.path): ok, \(status.files) files")
                case .missing:
                    lines.append("  \(status.path): not found")
                    if explicit { problem("\(status.path) does not exist or matches no file") }
                case .error(let message):
                    lines.append("  \(status.path): \(message)")
                }
            }
            for message in source.readProblems { problem("cannot read: \(message)") }
            for reason in RejectReason.allCases where sourceHealth[reason] > 0 {
                let examples = source.rejectionExamples[reason] ?? []
                problem(
                    "\(sourceHealth[reason]) lines rejected as \(reason.rawValue)"
                        + (examples.isEmpty ? "" : ", e.g. " + examples.joined(separator: ", ")))
            }
        }
        if !counters.unpriced.isEmpty { lines.append("models without a price:") }
        for key in counters.unpriced.keys.sorted() {
            problem(
                "model \(key.model) (\(key.source)) has no price: \(counters.unpriced[key]!) requests counted at no cost "
                    + "(add it with --pricing.file or pricing.models)")
        }
        lines.append(problems == 0 ? "no problems found" : "\(problems) problem\(problems == 1 ? "" : "s") found")
        return Result(text: lines.joined(separator: "\n") + "\n", problems: problems)
    }
}
