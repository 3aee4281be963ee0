/// The `token_type` label values, in exposition order.
public enum TokenType: String, CaseIterable, Sendable {
    case input
    case output
    case cacheCreation = "cache_creation"
    case cacheRead = "cache_read"

    /// Sorted by label value, so exposition is in canonical order.
    public static let sortedByLabel: [TokenType] = allCases.sorted { $0.rawValue < $1.rawValue }
}
