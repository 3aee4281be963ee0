/// Labels of the per-request histograms.
package struct RequestHistogramKey: Hashable, Comparable, Sendable {
    package var source: String
    package var provider: String
    package var model: String

    package init(source: String, provider: String, model: String) {
        self.source = source
        self.provider = provider
        self.model = model
    }

    package static func < (lhs: RequestHistogramKey, rhs: RequestHistogramKey) -> Bool {
        (lhs.source, lhs.provider, lhs.model) < (rhs.source, rhs.provider, rhs.model)
    }
}
