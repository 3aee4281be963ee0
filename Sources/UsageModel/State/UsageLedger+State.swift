/// The ledger in the state's sections (format 4; ``StateSections``). Each section's layout is
/// fixed once released; what a later build adds goes in a new section.
extension UsageLedger {
    /// The tags of the ledger's sections.
    enum Section {
        static let series = "ledger.series"
        static let unpriced = "ledger.unpriced"
        static let sourceHealth = "ledger.source_health"
        static let captureFailures = "ledger.capture_failures"
        static let cacheLookups = "ledger.cache_lookups"
        static let estimation = "ledger.estimation"
        static let estimationJoin = "ledger.estimation_join"
        static let seenEvents = "ledger.seen_events"
        static let histograms = "ledger.histograms"
        static let timeline = "ledger.timeline"
        static let dedup = "ledger.dedup"
        /// Added after format 4's first release: each series' oldest event, in the series' order.
        static let seriesFirstEvents = "ledger.series_first_events"
    }

    /// How the state's saves are going, nil without `--state.dir` (this process's: not saved).
    package var stateSaves: StateSaveHealth? {
        get { stored.stateSaves }
        set { stored.stateSaves = newValue }
    }

    /// How file events are going, nil when the files are polled (this process's: not saved).
    package var fileEvents: FileEventHealth? {
        get { stored.fileEvents }
        set { stored.fileEvents = newValue }
    }

    /// Writes the counters and the dedup table (not the prices: they come from the configuration).
    package func encode(into sections: inout StateSections) {
        sections.add(Section.series) { writer in
            // The label names, then each series' values in their order: a build with other
            // labels maps them by name.
            writer.write(SeriesLabel.allCases.count)
            for label in SeriesLabel.allCases { writer.write(label.rawValue) }
            writer.write(stored.seriesKeys.count)
            for (key, totals) in zip(stored.seriesKeys, stored.totals) {
                for label in SeriesLabel.allCases { writer.write(key[label]) }
                writer.write(totals.tokens)
                writer.write(totals.costUSD)
                writer.write(totals.requests)
                writer.write(totals.hasCost)
                writer.write(totals.duplicateLines)
                writer.write(totals.lastEventMillis)
            }
        }
        sections.add(Section.seriesFirstEvents) { writer in
            writer.write(stored.totals.count)
            for totals in stored.totals { writer.write(totals.firstEventMillis) }
        }
        sections.add(Section.unpriced) { writer in
            let unpriced = stored.unpriced.keys.sorted()
            writer.write(unpriced.count)
            for key in unpriced {
                writer.write(key.source)
                writer.write(key.model)
                writer.write(stored.unpriced[key]!)
            }
        }
        sections.add(Section.sourceHealth) { writer in
            let sources = stored.sourceHealth.keys.sorted()
            writer.write(sources.count)
            for name in sources {
                let health = stored.sourceHealth[name]!
                writer.write(name)
                writer.write(health.linesRead)
                writer.write(health.bytesRead)
                writer.write(health.duplicateLines)
                writer.write(health.lastEventMillis ?? .min)
                writer.write(health.filesWatched)
                writer.write(health.filesForgotten)
                writer.write(named: health.namedRejected)
                writer.write(named: health.namedSourceErrors)
                writer.write(named: health.namedFileResets)
            }
        }
        sections.add(Section.captureFailures) { writer in
            let failures = stored.captureFailures.keys.sorted()
            writer.write(failures.count)
            for key in failures {
                writer.write(key.source)
                writer.write(key.reason.rawValue)
                writer.write(stored.captureFailures[key]!)
            }
        }
        sections.add(Section.cacheLookups) { writer in
            let lookups = stored.cacheLookups.keys.sorted()
            writer.write(lookups.count)
            for key in lookups {
                writer.write(key.source)
                writer.write(key.provider)
                writer.write(key.appService)
                writer.write(key.hit)
                writer.write(stored.cacheLookups[key]!)
            }
        }
        sections.add(Section.estimation) { writer in
            let estimation = stored.estimation
            writer.write(bounds: EstimationStats.bounds, counts: estimation.bucketCounts)
            writer.write(estimation.sum)
            writer.write(estimation.count)
            writer.write(estimation.estimatedTokens)
            writer.write(estimation.actualTokens)
            writer.write(estimation.unmatchedDropped)
        }
        sections.add(Section.estimationJoin) { writer in
            let pending = join.savedPending
            writer.write(pending.count)
            for (session, estimated) in pending {
                writer.write(session)
                writer.write(estimated)
            }
            let actuals = join.savedActuals
            writer.write(actuals.count)
            for (session, actual) in actuals {
                writer.write(session)
                writer.write(actual)
            }
        }
        if activityIsComplete { sections.add(ActivityLedger.section) { activity.encode(into: &$0) } }
        sections.add(Section.seenEvents) { writer in
            writer.write(seenEvents.count)
            for key in seenEvents.sorted() { writer.write(key) }
        }
        sections.add(Section.histograms) { writer in
            writer.write(stored.histograms.count)
            for histograms in stored.histograms {
                for (histogram, bounds) in [
                    (histograms.cost, RequestHistograms.costBounds), (histograms.tokens, RequestHistograms.tokenBounds),
                ] {
                    writer.write(bounds: bounds, counts: histogram.counts)
                    writer.write(histogram.sum)
                    writer.write(histogram.count)
                }
            }
        }
        sections.add(Section.timeline) { timeline.encode(into: &$0) }
        sections.add(Section.dedup) { writer in
            let entries = dedup.all
            writer.write(entries.count)
            for (key, entry) in entries {
                writer.write(key)
                writer.write(entry.costUSD)
                for count in [entry.input, entry.output, entry.cacheWrite5m, entry.cacheWrite1h, entry.cacheRead] {
                    writer.write(count)
                }
                writer.write(entry.series)
                writer.write(UInt32(entry.flags))
            }
        }
    }

    /// A ledger with saved counters and dedup table, priced by `prices` under `costMode`.
    /// Missing sections leave their part empty; series whose labels this build no longer has
    /// merge with the series they now equal. Requests saved while their model had no price
    /// stay unpriced until ``priceAwaitingRequests()`` (which a restore calls: `prices` may
    /// know the model now).
    package static func decode(
        from sections: StateSections, prices: PriceTable, costMode: CostMode
    ) throws(StateError) -> UsageLedger {
        var ledger = UsageLedger(prices: prices, costMode: costMode)
        // Saved series index to this ledger's id.
        var series: [SeriesID] = []
        try sections.read(Section.series) { reader throws(StateError) in
            var labels: [SeriesLabel?] = []
            for _ in 0..<(try reader.readCount(minimumItemBytes: 4)) {
                labels.append(SeriesLabel(rawValue: try reader.readString()))
            }
            let count = try reader.readCount(minimumItemBytes: 4 * labels.count + 40 + 8 + 8 + 1 + 8 + 8)
            for _ in 0..<count {
                var key = SeriesKey(source: "", provider: "", model: "", project: "")
                for label in labels {
                    let value = try reader.readString()
                    if let label { key[label] = value }
                }
                var totals = SeriesTotals()
                totals.tokens = try reader.readTokens()
                totals.costUSD = try reader.readDouble()
                totals.requests = try reader.readUInt64()
                totals.hasCost = try reader.readBool()
                totals.duplicateLines = try reader.readUInt64()
                totals.lastEventMillis = try reader.readInt64()
                // Until the section of the oldest events, if the state has it, says better.
                totals.assumeFirstEventIsTheLast()
                let id = ledger.intern(key)
                ledger.stored.totals[Int(id)].absorb(totals)
                series.append(id)
            }
        }
        try sections.read(Section.seriesFirstEvents) { reader throws(StateError) in
            let count = try reader.readCount(minimumItemBytes: 8)
            guard count == series.count else {
                throw .invalid("\(count) oldest events for \(series.count) series")
            }
            for id in series {
                let first = try reader.readInt64()
                ledger.stored.totals[Int(id)].firstEventMillis = min(
                    ledger.stored.totals[Int(id)].firstEventMillis, first)
            }
        }
        try sections.read(Section.unpriced) { reader throws(StateError) in
            for _ in 0..<(try reader.readCount(minimumItemBytes: 16)) {
                let key = UnpricedKey(source: try reader.readString(), model: try reader.readString())
                ledger.stored.unpriced[key, default: 0] += try reader.readUInt64()
            }
        }
        try sections.read(Section.sourceHealth) { reader throws(StateError) in
            for _ in 0..<(try reader.readCount(minimumItemBytes: 4 + 8 * 6 + 24)) {
                let name = try reader.readString()
                var health = SourceHealth()
                health.linesRead = try reader.readUInt64()
                health.bytesRead = try reader.readUInt64()
                health.duplicateLines = try reader.readUInt64()
                let last = try reader.readInt64()
                health.lastEventMillis = last == .min ? nil : last
                health.filesWatched = try reader.readInt()
                health.filesForgotten = try reader.readUInt64()
                health.restore(
                    rejected: try reader.readNamedCounters(), sourceErrors: try reader.readNamedCounters(),
                    fileResets: try reader.readNamedCounters())
                ledger.stored.sourceHealth[name] = health
            }
        }
        try sections.read(Section.captureFailures) { reader throws(StateError) in
            for _ in 0..<(try reader.readCount(minimumItemBytes: 16)) {
                let source = try reader.readString()
                let text = try reader.readString()
                let value = try reader.readUInt64()
                // A reason this build no longer has is dropped with its series.
                if let reason = CaptureFailureReason(rawValue: text) {
                    ledger.stored.captureFailures[CaptureFailureKey(source: source, reason: reason)] = value
                }
            }
        }
        try sections.read(Section.cacheLookups) { reader throws(StateError) in
            for _ in 0..<(try reader.readCount(minimumItemBytes: 21)) {
                let key = CacheLookupKey(
                    source: try reader.readString(), provider: try reader.readString(),
                    appService: try reader.readString(), hit: try reader.readBool())
                ledger.stored.cacheLookups[key, default: 0] += try reader.readUInt64()
            }
        }
        try sections.read(Section.estimation) { reader throws(StateError) in
            var estimation = EstimationStats()
            estimation.bucketCounts = try reader.readBuckets(for: EstimationStats.bounds)
            estimation.sum = try reader.readDouble()
            estimation.count = try reader.readUInt64()
            estimation.estimatedTokens = try reader.readUInt64()
            estimation.actualTokens = try reader.readUInt64()
            estimation.unmatchedDropped = try reader.readUInt64()
            ledger.stored.estimation = estimation
        }
        try sections.read(Section.estimationJoin) { reader throws(StateError) in
            var pending: [(String, UInt64)] = []
            for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
                pending.append((try reader.readString(), try reader.readUInt64()))
            }
            var actuals: [(String, UInt64)] = []
            for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
                actuals.append((try reader.readString(), try reader.readUInt64()))
            }
            ledger.join = EstimationJoin.restored(pending: pending, actuals: actuals)
        }
        ledger.stored.estimation.unmatched = ledger.join.pendingCount
        try sections.read(Section.seenEvents) { reader throws(StateError) in
            let count = try reader.readCount(minimumItemBytes: 8)
            ledger.seenEvents.reserveCapacity(count)
            for _ in 0..<count { ledger.seenEvents.insert(try reader.readUInt64()) }
        }
        try sections.read(Section.histograms) { reader throws(StateError) in
            let count = try reader.readCount(minimumItemBytes: 2 * (8 + 16))
            guard count == series.count else { throw .invalid("histograms for \(count) of \(series.count) series") }
            for index in 0..<count {
                let id = Int(series[index])
                ledger.stored.histograms[id].cost.absorb(try readHistogram(&reader, RequestHistograms.costBounds))
                ledger.stored.histograms[id].tokens.absorb(try readHistogram(&reader, RequestHistograms.tokenBounds))
            }
        }
        try sections.read(Section.timeline) { reader throws(StateError) in
            ledger.timeline = try UsageTimeline.decode(from: &reader, series: series)
        }
        try sections.read(Section.dedup) { reader throws(StateError) in
            let count = try reader.readCount(minimumItemBytes: 40)
            ledger.dedup = DedupTable(expectedCount: count)
            for _ in 0..<count {
                let key = try reader.readUInt64()
                let cost = try reader.readDouble()
                let tokens = TokenCounts(
                    input: UInt64(try reader.readUInt32()), output: UInt64(try reader.readUInt32()),
                    cacheWrite5m: UInt64(try reader.readUInt32()), cacheWrite1h: UInt64(try reader.readUInt32()),
                    cacheRead: UInt64(try reader.readUInt32()))
                let saved = try reader.readUInt32()
                let flags = try reader.readUInt32()
                guard Int(saved) < series.count, flags <= UInt32(UInt8.max) else {
                    throw .invalid("a dedup entry for series \(saved) of \(series.count)")
                }
                let id = series[Int(saved)]
                ledger.dedup.set(key, DedupEntry(tokens: tokens, costUSD: cost, series: id, flags: UInt8(flags)))
                if UInt8(flags) & DedupEntry.unpricedFlag != 0 { ledger.seriesAwaitingPrice.insert(id) }
            }
        }
        try sections.read(ActivityLedger.section) { reader throws(StateError) in
            ledger.activity = try ActivityLedger.decode(from: &reader)
        }
        // A state with usage but no activity section is from a build that did not count it.
        if sections.bytes(ActivityLedger.section) == nil, !ledger.stored.seriesKeys.isEmpty {
            ledger.activityIsComplete = false
        }
        return ledger
    }

    /// One histogram: its bounds and counts (rebucketed to `bounds`), sum and count.
    private static func readHistogram(_ reader: inout StateReader, _ bounds: [Double]) throws(StateError) -> Histogram {
        var histogram = Histogram(bucketCount: bounds.count)
        histogram.counts = try reader.readBuckets(for: bounds)
        histogram.sum = try reader.readDouble()
        histogram.count = try reader.readUInt64()
        return histogram
    }
}
