/// One five-hour block of the `blocks` report.
package struct BlockSummary: Equatable, Sendable {
    package var startMillis: Int64
    package var endMillis: Int64
    package var tokens: UInt64
    package var costUSD: Double
    package var active: Bool
}
