package import UsageModel

/// A model's price given in the config file (`pricing.models`).
package struct PriceOverride: Equatable, Sendable {
    package var provider: String
    package var price: ModelPrice

    package init(provider: String, price: ModelPrice) {
        self.provider = provider
        self.price = price
    }
}
