/// One metric family, declared once: its name, type and help. The renderer writes its header
/// and samples from this value, so a name is never typed twice.
package struct Family: Hashable, Sendable {
    package enum Kind: String, Sendable {
        case counter, gauge, histogram, untyped
    }

    package let name: String
    package let kind: Kind
    package let help: String

    package init(_ name: String, _ kind: Kind, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }

    /// The units a name can end with, written as OpenMetrics' `# UNIT`.
    private static let units = ["bytes", "ratio", "seconds", "tokens", "usd"]

    /// The family's name in OpenMetrics: a counter's without its `_total`.
    package var openMetricsName: String {
        kind == .counter && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
    }

    /// The unit the name ends with (`llm_usage_cost_usd_total`: `usd`), nil when none.
    package var unit: String? {
        Family.units.first { openMetricsName.hasSuffix("_" + $0) }
    }
}
