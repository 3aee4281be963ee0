/// What one session has used so far, and when it was last active.
package struct SessionTotals: Equatable, Sendable {
    package var tokens: UInt64 = 0
    package var costUSD: Double = 0
    package var requests: UInt64 = 0
    /// Newest usage time of the session, Unix milliseconds.
    package var lastMillis = Int64.min

    package init() {}
}
