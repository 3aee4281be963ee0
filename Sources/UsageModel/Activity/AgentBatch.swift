/// One file's usage by agent, summed while its lines are counted and handed to the
/// ``ActivityLedger`` once: a line adds to the previous line's agent (a file's lines are
/// mostly one agent's) without looking anything up.
package struct AgentBatch: Sendable {
    private struct Entry {
        var run: UInt64?
        var isSidechain: Bool
        var usage = AgentUsage()
        var newestMillis: Int64 = .min
    }

    private var entries: [Entry] = []

    package init() {}

    package mutating func add(run: UInt64?, isSidechain: Bool, usage: AgentUsage, atMillis millis: Int64) {
        guard usage.tokens != .zero || usage.costUSD != 0 else { return }
        if let last = entries.indices.last, entries[last].run == run, entries[last].isSidechain == isSidechain {
            entries[last].usage.add(usage)
            entries[last].newestMillis = max(entries[last].newestMillis, millis)
            return
        }
        entries.append(Entry(run: run, isSidechain: isSidechain, usage: usage, newestMillis: millis))
    }

    /// Counts the batch into the ledger and empties it.
    package mutating func flush(into ledger: inout ActivityLedger, source: String, user: String) {
        for entry in entries {
            ledger.agentUsage(
                run: entry.run, isSidechain: entry.isSidechain, source: source, user: user, usage: entry.usage,
                atMillis: entry.newestMillis)
        }
        entries = []
    }
}
