extension UsageLedger {
    /// Counts a request as ``add(_:)`` does, and what it added (a new request, or the rise a
    /// better copy brings) for its agent, into `agents`: the main thread, a subagent run (`run`)
    /// or a sidechain that names none.
    package mutating func add(_ record: UsageRecord, run: UInt64?, agents: inout AgentBatch) -> RecordOutcome {
        let (outcome, found, after) = count(record)
        var before = found
        // Read again for activity: a request counted before the state was loaded is new to its
        // agent at its first copy in this pass (every request's first copy is noted, so a later
        // copy of one that is new in this pass is no second first).
        if let key = record.dedupKey, backfilled?.insert(key).inserted == true, before != nil { before = nil }
        guard let after else { return outcome }
        let usage = AgentUsage(
            tokens: after.tokens.subtracting(before?.tokens ?? .zero), costUSD: after.costUSD - (before?.costUSD ?? 0))
        agents.add(run: run, isSidechain: record.isSidechain, usage: usage, atMillis: record.timestampMillis)
        return outcome
    }

    /// The activity ledger, for a source to count into.
    package mutating func withActivity<R>(_ body: (inout ActivityLedger) -> R) -> R { body(&activity) }

    /// Activity is not counted (`--source.disable-activity`): the state keeps none.
    package mutating func markActivityIncomplete() { activityIsComplete = false }

    /// The files are read again from their start for their activity (usage is deduplicated).
    package mutating func beginActivityBackfill() { backfilled = [] }

    /// A full pass over the files has counted their activity: complete from now on.
    package mutating func activityBackfilled() {
        activityIsComplete = true
        backfilled = nil
    }
}
