/// The one mutable record of usage: counters, interned series and the dedup table.
///
/// Owned by a single writer (the ingest loop); readers take ``counters``, a value copy.
/// Counters only go up: a better copy of a request raises them by the difference.
package struct UsageLedger: Sendable {
    /// The counters as kept; ``counters`` adds the dedup table's size.
    var stored = UsageCounters()

    /// The counters, with the dedup table's size filled in.
    package var counters: UsageCounters {
        var result = stored
        result.dedupEntries = dedup.count
        result.dedupBytes = dedup.storageBytes
        result.activity = activity.counters
        return result
    }
    package internal(set) var dedup = DedupTable()
    /// Tools, edits, prompts, API errors, sessions and agents (``ActivityLedger``).
    package internal(set) var activity = ActivityLedger()
    /// False when the activity ledger does not hold everything the files said: loaded from a
    /// build that did not count activity, or counting with it turned off. Its section is then
    /// not saved, so a later start with activity reads the files again for it.
    package internal(set) var activityIsComplete = true
    /// Set while the files are read again for activity: the requests whose agent usage has
    /// been counted in that pass.
    var backfilled: Set<UInt64>?
    /// Keys of counted lines that are not requests (capture failures, audits, cache hits).
    var seenEvents: Set<UInt64> = []
    /// Audits waiting for their session's actual count, and recent sessions' actual counts.
    var join = EstimationJoin()
    /// When usage happened: periods, sessions, branches and blocks are computed from it.
    package internal(set) var timeline = UsageTimeline()
    /// The prices new requests are counted at (see ``reprice(with:)``).
    package internal(set) var prices: PriceTable
    package let costMode: CostMode
    private var index: [SeriesKey: SeriesID] = [:]
    /// Price of each series' model, resolved once when the series is interned.
    var seriesPrices: [ModelPrice?] = []
    /// Series with requests counted while their model had no price (derived from the dedup
    /// table's unpriced flags, not saved).
    var seriesAwaitingPrice: Set<SeriesID> = []

    /// Model label of the series that takes label sets beyond the series limit.
    package static let overflowModel = "(series limit reached)"
    /// Series before the overflow series take over; ids above it stay free for overflow series
    /// (one per source and provider), all below the dedup table's 24-bit limit.
    private let seriesLimit: Int

    package init(
        prices: PriceTable = .bundled, costMode: CostMode = .auto, seriesLimit: Int = Int(DedupEntry.maxSeries) - 64
    ) {
        self.prices = prices
        self.costMode = costMode
        self.seriesLimit = min(seriesLimit, Int(DedupEntry.maxSeries) - 64)
    }

    /// The id of a series, creating it on first use; a key without a provider gets the one the
    /// price table names for its model.
    package mutating func intern(_ given: SeriesKey) -> SeriesID {
        var key = given
        if key.provider.isEmpty { key.provider = prices.provider(for: key.model) }
        if let id = index[key] { return id }
        // The dedup table packs series ids in 24 bits. Past that (only hostile input gets there),
        // new label sets share one overflow series per source and provider instead of failing.
        if stored.seriesKeys.count >= seriesLimit, key.model != UsageLedger.overflowModel {
            return intern(
                SeriesKey(source: key.source, provider: key.provider, model: UsageLedger.overflowModel, project: "")
            )
        }
        let id = SeriesID(stored.seriesKeys.count)
        index[key] = id
        stored.seriesKeys.append(key)
        stored.totals.append(SeriesTotals())
        stored.histograms.append(RequestHistograms())
        seriesPrices.append(prices.price(for: key.model))
        return id
    }

    /// The labels of a series.
    package func key(of series: SeriesID) -> SeriesKey { stored.seriesKeys[Int(series)] }

    /// The source whose requests make the five-hour blocks (Claude's usage window).
    package static let blockSource = "claude_code"

    /// The id of a session, creating it on first use.
    package mutating func internSession(_ key: SessionKey) -> SessionID { timeline.session(key) }

    /// The id of a git branch name ("" is 0).
    package mutating func internBranch(_ name: String) -> UInt32 { timeline.branch(name) }

    /// A usage-limit notice: Claude's window resets at `seconds` (the latest notice wins).
    package mutating func noteLimitReset(seconds: Int64) {
        timeline.limitResetSeconds = max(timeline.limitResetSeconds ?? .min, seconds)
    }

    /// Makes a source's health series exist (at zero) before any of its data arrives.
    package mutating func register(source: String) {
        if stored.sourceHealth[source] == nil { stored.sourceHealth[source] = SourceHealth() }
    }

    /// Updates a source's health stored.
    package mutating func withHealth<R>(of source: String, _ body: (inout SourceHealth) -> R) -> R {
        body(&stored.sourceHealth[source, default: SourceHealth()])
    }

    /// Counts one record, deduplicating on its key.
    ///
    /// Copies of a request: a non-sidechain copy beats a sidechain one, then more tokens
    /// beat fewer. Since counters cannot go down, the counted tokens become the
    /// component-wise maximum of the copies and the difference is added.
    package mutating func add(_ record: UsageRecord) -> RecordOutcome {
        count(record).outcome
    }

    /// ``add(_:)``, with the record's dedup entry before and after it (for its agent's share).
    mutating func count(_ record: UsageRecord) -> (outcome: RecordOutcome, before: DedupEntry?, after: DedupEntry?) {
        let series = Int(record.series)
        stored.totals[series].lastEventMillis = max(stored.totals[series].lastEventMillis, record.timestampMillis)
        stored.totals[series].firstEventMillis = min(stored.totals[series].firstEventMillis, record.timestampMillis)
        if let key = record.dedupKey, let existing = dedup[key] {
            stored.totals[series].duplicateLines += 1
            let better =
                (existing.has(DedupEntry.sidechainFlag) && !record.isSidechain)
                || record.tokens.total > existing.tokens.total
            guard better, !existing.tokens.dominates(record.tokens) else { return (.duplicate, existing, existing) }
            let old = existing.tokens
            let effective = old.componentMax(record.tokens)
            var flags = existing.flags
            if !record.isSidechain { flags &= ~DedupEntry.sidechainFlag }
            if record.isFast { flags |= DedupEntry.fastFlag }
            let target = Int(existing.series)
            let cost = self.cost(
                series: target, tokens: effective, fast: flags & DedupEntry.fastFlag != 0,
                reported: record.reportedCostUSD)
            let newCost = max(existing.costUSD, cost ?? 0)
            stored.totals[target].tokens += effective.subtracting(old)
            stored.totals[target].costUSD += newCost - existing.costUSD
            if !existing.has(DedupEntry.unpricedFlag) {
                stored.histograms[target].cost.replace(
                    existing.costUSD, with: newCost, bounds: RequestHistograms.costBounds)
            }
            stored.histograms[target].tokens.replace(
                Double(old.total), with: Double(effective.total), bounds: RequestHistograms.tokenBounds)
            timeline.record(
                series: existing.series, session: record.session, branch: record.branch, millis: record.timestampMillis,
                tokens: effective.subtracting(old), costUSD: newCost - existing.costUSD, newRequest: false)
            let raised = DedupEntry(tokens: effective, costUSD: newCost, series: existing.series, flags: flags)
            dedup.set(key, raised)
            return (.raised, existing, raised)
        }

        var flags: UInt8 = 0
        if record.isSidechain { flags |= DedupEntry.sidechainFlag }
        if record.isFast { flags |= DedupEntry.fastFlag }
        let cost = self.cost(
            series: series, tokens: record.tokens, fast: record.isFast, reported: record.reportedCostUSD)
        stored.totals[series].tokens += record.tokens
        stored.totals[series].requests += 1
        var outcome = RecordOutcome.counted
        if let cost {
            stored.totals[series].costUSD += cost
            stored.totals[series].hasCost = true
        } else {
            flags |= DedupEntry.unpricedFlag
            seriesAwaitingPrice.insert(record.series)
            let key = stored.seriesKeys[series]
            let unpricedKey = UnpricedKey(source: key.source, model: key.model)
            let previous = stored.unpriced[unpricedKey, default: 0]
            stored.unpriced[unpricedKey] = previous + 1
            outcome = .countedUnpriced(firstForModel: previous == 0)
        }
        var entry: DedupEntry?
        if let key = record.dedupKey {
            let new = DedupEntry(tokens: record.tokens, costUSD: cost ?? 0, series: record.series, flags: flags)
            dedup.set(key, new)
            entry = new
        }
        stored.histograms[series].observe(costUSD: cost, tokens: record.tokens.total)
        timeline.record(
            series: record.series, session: record.session, branch: record.branch, millis: record.timestampMillis,
            tokens: record.tokens, costUSD: cost ?? 0, newRequest: true)
        return (outcome, nil, entry)
    }

    /// The cost of a request under the cost mode; nil when it must be calculated and the
    /// model has no price.
    private func cost(series: Int, tokens: TokenCounts, fast: Bool, reported: Double?) -> Double? {
        switch costMode {
        case .display:
            return reported ?? 0
        case .auto:
            if let reported { return reported }
            fallthrough
        case .calculate:
            return seriesPrices[series]?.cost(of: tokens, fast: fast)
        }
    }
}
