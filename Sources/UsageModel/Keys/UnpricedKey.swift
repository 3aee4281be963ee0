/// Labels of `llm_usage_unpriced_requests_total`.
package struct UnpricedKey: Hashable, Comparable, Sendable {
    package var source: String
    package var model: String

    package init(source: String, model: String) {
        self.source = source
        self.model = model
    }

    package static func < (lhs: UnpricedKey, rhs: UnpricedKey) -> Bool {
        (lhs.source, lhs.model) < (rhs.source, rhs.model)
    }
}
