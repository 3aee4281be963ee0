extension PriceTable {
    /// The bundled prices: LiteLLM's price file cut down to the Anthropic and OpenAI models by
    /// `scripts/generate-prices.py` (``bundledJSON``), read by the same parser as a price file.
    package static let bundled: PriceTable = {
        do {
            return try PriceTable().merging(priceFile: Array(bundledJSON.utf8), path: "bundled")
        } catch {
            fatalError("the generated bundled prices do not parse: \(error)")
        }
    }()
}
