/// One request's contribution to the five-hour blocks: when, how many tokens (all types), what cost.
struct BlockEntry: Equatable, Sendable {
    var millis: Int64
    var tokens: UInt64
    var costUSD: Double
}
