/// Claude's five-hour blocks, as ccusage models them, over entries applied in time order.
///
/// A block starts at its first entry's time floored to the UTC hour and lasts five hours. A
/// new block starts when an entry comes more than five hours after the block's start, or
/// more than five hours after the previous entry.
public struct BlockChain: Equatable, Sendable {
    public static let blockMillis: Int64 = 5 * 3_600_000

    public private(set) var hasBlock = false
    /// The current (last) block: start floored to the hour, first and last entry, totals.
    public private(set) var start: Int64 = 0
    public private(set) var first: Int64 = 0
    public private(set) var last: Int64 = 0
    public private(set) var tokens: UInt64 = 0
    public private(set) var costUSD: Double = 0
    /// Tokens of the largest block that has ended (what `max` sets the token limit to).
    public private(set) var maxFinishedTokens: UInt64 = 0

    public init() {}

    public var end: Int64 { start + BlockChain.blockMillis }

    mutating func apply(_ entry: BlockEntry) {
        guard hasBlock else {
            open(entry)
            return
        }
        if entry.millis < last {
            // Late (out of order): it counts in the current block when it falls inside it.
            if entry.millis >= start {
                tokens += entry.tokens
                costUSD += entry.costUSD
                first = min(first, entry.millis)
            }
            return
        }
        if entry.millis - start > BlockChain.blockMillis || entry.millis - last > BlockChain.blockMillis {
            maxFinishedTokens = max(maxFinishedTokens, tokens)
            open(entry)
            return
        }
        last = entry.millis
        tokens += entry.tokens
        costUSD += entry.costUSD
    }

    private mutating func open(_ entry: BlockEntry) {
        hasBlock = true
        start = entry.millis - ((entry.millis % 3_600_000) + 3_600_000) % 3_600_000
        first = entry.millis
        last = entry.millis
        tokens = entry.tokens
        costUSD = entry.costUSD
    }

    /// True when the current block is active at `now`: before its end, last entry under five hours old.
    public func isActive(at now: Int64) -> Bool {
        hasBlock && now < end && now - last < BlockChain.blockMillis
    }

    /// The largest ended block at `now`: the current one counts once it is no longer active.
    public func largestFinished(at now: Int64) -> UInt64 {
        isActive(at: now) || !hasBlock ? maxFinishedTokens : max(maxFinishedTokens, tokens)
    }

    // MARK: state

    func encode(into writer: inout StateWriter) {
        writer.write(hasBlock)
        for value in [start, first, last] { writer.write(value) }
        writer.write(tokens)
        writer.write(costUSD)
        writer.write(maxFinishedTokens)
    }

    static func decode(from reader: inout StateReader) throws(StateError) -> BlockChain {
        var chain = BlockChain()
        chain.hasBlock = try reader.readBool()
        chain.start = try reader.readInt64()
        chain.first = try reader.readInt64()
        chain.last = try reader.readInt64()
        chain.tokens = try reader.readUInt64()
        chain.costUSD = try reader.readDouble()
        chain.maxFinishedTokens = try reader.readUInt64()
        return chain
    }
}
