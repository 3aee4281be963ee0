public import UsageModel

/// A model's price given in the config file (`pricing.models`).
public struct PriceOverride: Equatable, Sendable {
    public var provider: String
    public var price: ModelPrice

    public init(provider: String, price: ModelPrice) {
        self.provider = provider
        self.price = price
    }
}
