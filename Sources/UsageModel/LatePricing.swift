/// Requests counted while their model had no price, priced once a price appeared.
public struct LatePricing: Equatable, Sendable {
    public var requests: UInt64 = 0
    /// The cost they added to the counters.
    public var costUSD: Double = 0

    public init(requests: UInt64 = 0, costUSD: Double = 0) {
        self.requests = requests
        self.costUSD = costUSD
    }
}
