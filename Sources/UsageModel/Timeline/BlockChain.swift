/// Claude's five-hour blocks, as ccusage models them, over entries applied in time order.
///
/// A block starts at its first entry's time floored to the UTC hour and lasts five hours. A
/// new block starts when an entry comes more than five hours after the block's start, or
/// more than five hours after the previous entry.
package struct BlockChain: Equatable, Sendable {
    package static let blockMillis: Int64 = 5 * 3_600_000

    package private(set) var hasBlock = false
    /// The current (last) block: start floored to the hour, first and last entry, totals.
    package private(set) var start: Int64 = 0
    package private(set) var first: Int64 = 0
    package private(set) var last: Int64 = 0
    package private(set) var tokens: UInt64 = 0
    package private(set) var costUSD: Double = 0
    /// Tokens of the largest block that has ended (what `max` sets the token limit to).
    package private(set) var maxFinishedTokens: UInt64 = 0

    package init() {}

    package var end: Int64 { start + BlockChain.blockMillis }

    /// Applies the requests of one quarter hour (times of its first and last, its totals);
    /// quarter hours must come in time order. No gap of five hours fits inside a quarter hour,
    /// and block starts are whole hours, so a quarter hour never straddles a block boundary
    /// (but for a request at exactly five hours after a block's start, which is not "more
    /// than" five hours, sharing its quarter hour with later ones).
    mutating func apply(
        first entryFirst: Int64, last entryLast: Int64, tokens entryTokens: UInt64, costUSD entryCost: Double
    ) {
        if !hasBlock || entryFirst - start > BlockChain.blockMillis || entryFirst - last > BlockChain.blockMillis {
            if hasBlock { maxFinishedTokens = max(maxFinishedTokens, tokens) }
            hasBlock = true
            start = entryFirst - ((entryFirst % 3_600_000) + 3_600_000) % 3_600_000
            first = entryFirst
            last = entryLast
            tokens = entryTokens
            costUSD = entryCost
            return
        }
        last = max(last, entryLast)
        tokens += entryTokens
        costUSD += entryCost
    }

    /// True when the current block is active at `now`: before its end, last entry under five hours old.
    package func isActive(at now: Int64) -> Bool {
        hasBlock && now < end && now - last < BlockChain.blockMillis
    }

    /// The largest ended block at `now`: the current one counts once it is no longer active.
    package func largestFinished(at now: Int64) -> UInt64 {
        isActive(at: now) || !hasBlock ? maxFinishedTokens : max(maxFinishedTokens, tokens)
    }
}
