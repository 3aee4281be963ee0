/// Prices of each token kind, in USD per million tokens.
package struct TokenRates: Equatable, Sendable {
    package var input: Double
    package var output: Double
    package var cacheWrite5m: Double
    package var cacheWrite1h: Double
    package var cacheRead: Double

    package init(input: Double, output: Double, cacheWrite5m: Double, cacheWrite1h: Double, cacheRead: Double) {
        self.input = input
        self.output = output
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
    }

    /// Anthropic's published ratios: 5m write 1.25x, 1h write 2x, read 0.1x the input price.
    package static func anthropic(input: Double, output: Double) -> TokenRates {
        TokenRates(
            input: input, output: output, cacheWrite5m: input * 5 / 4, cacheWrite1h: input * 2, cacheRead: input / 10)
    }

    /// USD for `tokens` at these rates.
    package func cost(of tokens: TokenCounts) -> Double {
        let micro =
            Double(tokens.input) * input + Double(tokens.output) * output
            + Double(tokens.cacheWrite5m) * cacheWrite5m + Double(tokens.cacheWrite1h) * cacheWrite1h
            + Double(tokens.cacheRead) * cacheRead
        return micro / 1_000_000
    }
}
