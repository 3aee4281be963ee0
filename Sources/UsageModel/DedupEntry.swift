/// What the dedup table remembers of one request: enough to raise its counters by the
/// difference when a better copy arrives, and no more (40 bytes).
public struct DedupEntry: Equatable, Sendable {
    /// Cost counted so far for this request.
    public var costUSD: Double
    public var input: UInt32
    public var output: UInt32
    public var cacheWrite5m: UInt32
    public var cacheWrite1h: UInt32
    public var cacheRead: UInt32
    public var series: SeriesID
    public var flags: UInt8

    public static let sidechainFlag: UInt8 = 1
    public static let fastFlag: UInt8 = 2
    public static let unpricedFlag: UInt8 = 4

    public init(tokens: TokenCounts, costUSD: Double, series: SeriesID, flags: UInt8) {
        self.costUSD = costUSD
        self.input = UInt32(clamping: tokens.input)
        self.output = UInt32(clamping: tokens.output)
        self.cacheWrite5m = UInt32(clamping: tokens.cacheWrite5m)
        self.cacheWrite1h = UInt32(clamping: tokens.cacheWrite1h)
        self.cacheRead = UInt32(clamping: tokens.cacheRead)
        self.series = series
        self.flags = flags
    }

    public var tokens: TokenCounts {
        TokenCounts(
            input: UInt64(input), output: UInt64(output), cacheWrite5m: UInt64(cacheWrite5m),
            cacheWrite1h: UInt64(cacheWrite1h), cacheRead: UInt64(cacheRead))
    }

    public func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}
