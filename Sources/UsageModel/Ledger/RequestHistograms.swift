/// Cost and tokens per request for one `{source, provider, model}`:
/// `llm_usage_request_cost_usd` and `llm_usage_request_tokens`.
package struct RequestHistograms: Equatable, Sendable {
    /// USD per request: a cached Haiku call costs a ten-thousandth of a dollar, a long
    /// Opus request with a large context a few dollars.
    package static let costBounds: [Double] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]
    /// Tokens per request, all types: agent requests re-read large cached contexts, so
    /// most fall between ten thousand and two hundred thousand.
    package static let tokenBounds: [Double] = [
        100, 1000, 5000, 10_000, 25_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
    ]

    package internal(set) var cost = Histogram(bucketCount: RequestHistograms.costBounds.count)
    package internal(set) var tokens = Histogram(bucketCount: RequestHistograms.tokenBounds.count)

    package init() {}

    /// One request; an unpriced one (nil cost) is left out of the cost histogram.
    mutating func observe(costUSD: Double?, tokens: UInt64) {
        if let costUSD { cost.observe(costUSD, bounds: RequestHistograms.costBounds) }
        self.tokens.observe(Double(tokens), bounds: RequestHistograms.tokenBounds)
    }

    package mutating func absorb(_ other: RequestHistograms) {
        cost.absorb(other.cost)
        tokens.absorb(other.tokens)
    }
}
