/// Usage counted in one ``TimeBucketKey``.
public struct BucketTotals: Equatable, Sendable {
    public var tokens = TokenCounts.zero
    public var costUSD: Double = 0
    public var requests: UInt64 = 0

    public init() {}
}
