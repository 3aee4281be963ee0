/// Labels of `llm_usage_unpriced_requests_total`.
public struct UnpricedKey: Hashable, Comparable, Sendable {
    public var source: String
    public var model: String

    public init(source: String, model: String) {
        self.source = source
        self.model = model
    }

    public static func < (lhs: UnpricedKey, rhs: UnpricedKey) -> Bool {
        (lhs.source, lhs.model) < (rhs.source, rhs.model)
    }
}
