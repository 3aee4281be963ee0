/// How `pricing` prints the table: aligned for a terminal, or JSON (one object per model).
package enum PricingFormat: String, Equatable, Sendable {
    case table, json
}
