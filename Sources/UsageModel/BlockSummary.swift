/// One five-hour block of the `blocks` report.
public struct BlockSummary: Equatable, Sendable {
    public var startMillis: Int64
    public var endMillis: Int64
    public var tokens: UInt64
    public var costUSD: Double
    public var active: Bool
}
