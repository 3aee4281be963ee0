/// The price of one model: base rates plus the rules that change them for a request.
package struct ModelPrice: Equatable, Sendable {
    package var rates: TokenRates
    /// Rates for the whole request when its prompt side exceeds `longContextThreshold`.
    package var longContextRates: TokenRates?
    package var longContextThreshold: UInt64
    /// Multiplier for requests made in fast mode (`usage.speed == "fast"`); 1 where none is published.
    package var fastMultiplier: Double

    package init(
        rates: TokenRates, longContextRates: TokenRates? = nil, longContextThreshold: UInt64 = 200_000,
        fastMultiplier: Double = 1
    ) {
        self.rates = rates
        self.longContextRates = longContextRates
        self.longContextThreshold = longContextThreshold
        self.fastMultiplier = fastMultiplier
    }

    /// USD for one request. Over the long-context threshold every token of the request,
    /// output included, is billed at the long-context rates (not only the tokens above it).
    package func cost(of tokens: TokenCounts, fast: Bool) -> Double {
        var applied = rates
        if let longContextRates, tokens.promptSide > longContextThreshold {
            applied = longContextRates
        }
        let cost = applied.cost(of: tokens)
        return fast ? cost * fastMultiplier : cost
    }
}
