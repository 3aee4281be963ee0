/// Where a request's cost comes from (`--cost.mode`), as in ccusage.
package enum CostMode: String, CaseIterable, Sendable {
    /// The cost the log line reports when it has one, else calculated from the price table.
    case auto
    /// Always calculated from the price table; reported costs are ignored.
    case calculate
    /// Only reported costs; lines without one cost nothing.
    case display
}
