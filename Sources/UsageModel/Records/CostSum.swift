/// A sum of USD amounts that does not depend on the order they are added in: each amount is
/// kept in fixed point at 2^-80 USD (about 1e-24) in 128 bits, so the history's buckets, read
/// from a hash table in a different order by every process, always give the same gauge.
package struct CostSum: Equatable, Sendable {
    private var scaled: Int128 = 0

    package init() {}

    package mutating func add(_ usd: Double) {
        scaled += Int128((usd * 0x1p80).rounded())
    }

    package static func += (sum: inout CostSum, usd: Double) { sum.add(usd) }

    /// The sum, rounded once to the nearest double.
    package var value: Double { Double(scaled) * 0x1p-80 }
}
