/// What one session has used so far, and when it was last active.
public struct SessionTotals: Equatable, Sendable {
    public var tokens: UInt64 = 0
    public var costUSD: Double = 0
    public var requests: UInt64 = 0
    /// Newest usage time of the session, Unix milliseconds.
    public var lastMillis = Int64.min

    public init() {}
}
