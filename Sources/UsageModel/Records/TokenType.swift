/// The `token_type` label values, in exposition order.
package enum TokenType: String, CaseIterable, Sendable {
    case input
    case output
    case cacheCreation = "cache_creation"
    case cacheRead = "cache_read"

    /// Sorted by label value, so exposition is in canonical order.
    package static let sortedByLabel: [TokenType] = allCases.sorted { $0.rawValue < $1.rawValue }
}
