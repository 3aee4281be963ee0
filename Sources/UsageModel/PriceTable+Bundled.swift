extension PriceTable {
    /// The bundled list prices (USD per million tokens) from `reference/pricing.md`, checked
    /// against LiteLLM's `model_prices_and_context_window.json` (see `PriceTableTests`).
    public static let bundled: PriceTable = {
        var table = PriceTable()
        func anthropic(
            _ names: [String], input: Double, output: Double, longContext: TokenRates? = nil, fast: Double = 1
        ) {
            for name in names {
                let price = ModelPrice(
                    rates: .anthropic(input: input, output: output), longContextRates: longContext, fastMultiplier: fast
                )
                table.set(name, price, provider: "anthropic", origin: "bundled")
            }
        }
        func openAI(_ name: String, input: Double, cached: Double?, output: Double) {
            // OpenAI has no cache writes; cached input is reported as cache reads.
            let rates = TokenRates(
                input: input, output: output, cacheWrite5m: input, cacheWrite1h: input, cacheRead: cached ?? input)
            table.set(name, ModelPrice(rates: rates), provider: "openai", origin: "bundled")
        }
        // Sonnet 4 and 4.5 with the 1M window: the whole request at these rates past 200k prompt tokens.
        let sonnetLongContext = TokenRates(input: 6, output: 22.5, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6)

        anthropic(["claude-opus-4-5", "claude-opus-4-7"], input: 5, output: 25)
        // Fast mode for Opus 4.6 is published at 6x.
        anthropic(["claude-opus-4-6"], input: 5, output: 25, fast: 6)
        anthropic(["claude-opus-4", "claude-opus-4-1", "claude-3-opus"], input: 15, output: 75)
        anthropic(["claude-sonnet-4", "claude-sonnet-4-5"], input: 3, output: 15, longContext: sonnetLongContext)
        anthropic(["claude-sonnet-4-6", "claude-3-7-sonnet", "claude-3-5-sonnet"], input: 3, output: 15)
        anthropic(["claude-haiku-4-5"], input: 1, output: 5)
        anthropic(["claude-3-5-haiku"], input: 0.8, output: 4)
        table.set(
            "claude-3-haiku",
            ModelPrice(
                rates: TokenRates(input: 0.25, output: 1.25, cacheWrite5m: 0.30, cacheWrite1h: 0.50, cacheRead: 0.03)),
            provider: "anthropic", origin: "bundled")

        openAI("gpt-5", input: 1.25, cached: 0.125, output: 10)
        openAI("gpt-5-codex", input: 1.25, cached: 0.125, output: 10)
        openAI("gpt-5-mini", input: 0.25, cached: 0.025, output: 2)
        openAI("gpt-5-nano", input: 0.05, cached: 0.005, output: 0.40)
        openAI("gpt-4.1", input: 2, cached: 0.50, output: 8)
        openAI("gpt-4o", input: 2.50, cached: 1.25, output: 10)
        openAI("text-embedding-3-large", input: 0.13, cached: nil, output: 0)
        openAI("text-embedding-3-small", input: 0.02, cached: nil, output: 0)
        return table
    }()
}
