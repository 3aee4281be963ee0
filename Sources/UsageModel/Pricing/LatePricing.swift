/// Requests counted while their model had no price, priced once a price appeared.
package struct LatePricing: Equatable, Sendable {
    package var requests: UInt64 = 0
    /// The cost they added to the counters.
    package var costUSD: Double = 0

    package init(requests: UInt64 = 0, costUSD: Double = 0) {
        self.requests = requests
        self.costUSD = costUSD
    }
}
