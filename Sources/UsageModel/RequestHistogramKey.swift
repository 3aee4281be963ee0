/// Labels of the per-request histograms.
public struct RequestHistogramKey: Hashable, Comparable, Sendable {
    public var source: String
    public var provider: String
    public var model: String

    public init(source: String, provider: String, model: String) {
        self.source = source
        self.provider = provider
        self.model = model
    }

    public static func < (lhs: RequestHistogramKey, rhs: RequestHistogramKey) -> Bool {
        (lhs.source, lhs.provider, lhs.model) < (rhs.source, rhs.provider, rhs.model)
    }
}
