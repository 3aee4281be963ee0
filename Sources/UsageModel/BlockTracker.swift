/// Keeps the five-hour block chain over all of history without keeping all of history.
///
/// Entries arrive out of time order (files are read in any order), so they wait unsorted;
/// those older than ``settleMillis`` (two blocks) are sorted and applied to the settled
/// chain once, and the chain at `now` continues it through the recent ones. The first
/// catch-up settles everything together, so the chain is exact; an entry that arrives later
/// than that for an already settled time counts in the block it falls in, if any.
struct BlockTracker: Equatable, Sendable {
    static let settleMillis: Int64 = 2 * BlockChain.blockMillis

    private(set) var settled = BlockChain()
    private(set) var pending: [BlockEntry] = []

    mutating func add(_ entry: BlockEntry) {
        pending.append(entry)
    }

    /// The chain at `now`; settles what is old enough first.
    mutating func chain(at now: Int64) -> BlockChain {
        let horizon = now - BlockTracker.settleMillis
        if pending.contains(where: { $0.millis < horizon }) {
            let old = pending.filter { $0.millis < horizon }.sorted { $0.millis < $1.millis }
            pending.removeAll { $0.millis < horizon }
            for entry in old { settled.apply(entry) }
        }
        var chain = settled
        for entry in pending.sorted(by: { $0.millis < $1.millis }) { chain.apply(entry) }
        return chain
    }

    func encode(into writer: inout StateWriter) {
        settled.encode(into: &writer)
        writer.write(pending.count)
        for entry in pending {
            writer.write(entry.millis)
            writer.write(entry.tokens)
            writer.write(entry.costUSD)
        }
    }

    static func decode(from reader: inout StateReader) throws(StateError) -> BlockTracker {
        var tracker = BlockTracker()
        tracker.settled = try BlockChain.decode(from: &reader)
        for _ in 0..<(try reader.readCount(minimumItemBytes: 24)) {
            tracker.pending.append(
                BlockEntry(
                    millis: try reader.readInt64(), tokens: try reader.readUInt64(), costUSD: try reader.readDouble()))
        }
        return tracker
    }
}
