import UsageExposition
import UsageModel
import UsageRuntime
import UsageSystem

/// `llm-usage-exporter pricing`: the effective price table (bundled, then `--pricing.file`,
/// then the config file's `pricing.models`), in USD per million tokens.
enum PricingReport {
    static let columns = [
        "model", "provider", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read", "long_context",
        "fast_multiplier", "origin",
    ]

    static func render(_ table: PriceTable, format: PricingFormat) -> String {
        let rows = table.sorted.map { name, entry in row(name, entry) }
        switch format {
        case .table:
            let header = [
                "MODEL", "PROVIDER", "INPUT", "OUTPUT", "WRITE 5M", "WRITE 1H", "READ", "LONG CONTEXT", "FAST",
                "ORIGIN",
            ]
            // Numbers right-aligned (the rates, long context and fast multiplier), words left-aligned.
            return TextTable.render([header] + rows.map { $0.map(\.text) }) { (2...8).contains($0) }
                + "USD per million tokens. Long context: the whole request at those rates past the threshold.\n"
        case .json:
            let objects = rows.map { cells in
                "  {" + zip(columns, cells).map { "\"\($0)\": \($1.json)" }.joined(separator: ", ") + "}"
            }
            return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        }
    }

    private struct Cell {
        var text: String
        var json: String
    }

    private static func row(_ name: String, _ entry: PriceTable.Entry) -> [Cell] {
        let rates = entry.price.rates
        let long = entry.price.longContextRates.map { long in
            Cell(
                text: "\(number(long.input))/\(number(long.output)) >\(entry.price.longContextThreshold)",
                json:
                    "{\"threshold_tokens\": \(entry.price.longContextThreshold), \"input\": \(number(long.input)), \"output\": \(number(long.output)), \"cache_write_5m\": \(number(long.cacheWrite5m)), \"cache_write_1h\": \(number(long.cacheWrite1h)), \"cache_read\": \(number(long.cacheRead))}"
            )
        }
        return [
            text(name), text(entry.provider), value(rates.input), value(rates.output), value(rates.cacheWrite5m),
            value(rates.cacheWrite1h), value(rates.cacheRead), long ?? Cell(text: "-", json: "null"),
            value(entry.price.fastMultiplier), text(entry.origin),
        ]
    }

    private static func value(_ number: Double) -> Cell {
        Cell(text: PricingReport.number(number), json: PricingReport.number(number))
    }

    private static func text(_ string: String) -> Cell {
        Cell(text: string, json: JSONLiteral.string(string))
    }

    private static func number(_ value: Double) -> String { ExpositionWriter.format(value) }
}
