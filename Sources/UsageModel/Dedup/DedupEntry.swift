/// What the dedup table remembers of one request: enough to raise its counters by the
/// difference when a better copy arrives, and no more (32 bytes).
package struct DedupEntry: Equatable, Sendable {
    /// Cost counted so far for this request.
    package var costUSD: Double
    package var input: UInt32
    package var output: UInt32
    package var cacheWrite5m: UInt32
    package var cacheWrite1h: UInt32
    package var cacheRead: UInt32
    /// The series in the low 24 bits, the flags in the high 8.
    private var seriesAndFlags: UInt32

    package static let sidechainFlag: UInt8 = 1
    package static let fastFlag: UInt8 = 2
    package static let unpricedFlag: UInt8 = 4
    /// Series ids must fit in 24 bits (16 million series: far beyond any sane cardinality).
    package static let maxSeries = SeriesID(1 << 24)

    package init(tokens: TokenCounts, costUSD: Double, series: SeriesID, flags: UInt8) {
        self.costUSD = costUSD
        self.input = UInt32(clamping: tokens.input)
        self.output = UInt32(clamping: tokens.output)
        self.cacheWrite5m = UInt32(clamping: tokens.cacheWrite5m)
        self.cacheWrite1h = UInt32(clamping: tokens.cacheWrite1h)
        self.cacheRead = UInt32(clamping: tokens.cacheRead)
        self.seriesAndFlags = (series & 0x00FF_FFFF) | UInt32(flags) << 24
    }

    package var tokens: TokenCounts {
        TokenCounts(
            input: UInt64(input), output: UInt64(output), cacheWrite5m: UInt64(cacheWrite5m),
            cacheWrite1h: UInt64(cacheWrite1h), cacheRead: UInt64(cacheRead))
    }

    package var series: SeriesID { seriesAndFlags & 0x00FF_FFFF }

    package var flags: UInt8 { UInt8(seriesAndFlags >> 24) }

    package func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}
