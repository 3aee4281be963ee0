extension UsageLedger {
    /// Writes the counters and the dedup table (not the prices: they come from the configuration).
    package func encode(into writer: inout StateWriter) {
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
        let unpriced = stored.unpriced.keys.sorted()
        writer.write(unpriced.count)
        for key in unpriced {
            writer.write(key.source)
            writer.write(key.model)
            writer.write(stored.unpriced[key]!)
        }
        let sources = stored.sourceHealth.keys.sorted()
        writer.write(sources.count)
        for name in sources {
            let health = stored.sourceHealth[name]!
            writer.write(name)
            writer.write(health.linesRead)
            writer.write(health.bytesRead)
            writer.write(health.duplicateLines)
            for list in [health.rejected, health.sourceErrors, health.fileResets] {
                writer.write(list.count)
                for value in list { writer.write(value) }
            }
            writer.write(health.lastEventMillis ?? .min)
            writer.write(health.filesWatched)
            writer.write(health.filesForgotten)
        }
        encodeEvents(into: &writer)
        for histograms in stored.histograms {
            for histogram in [histograms.cost, histograms.tokens] {
                for count in histogram.counts { writer.write(count) }
                writer.write(histogram.sum)
                writer.write(histogram.count)
            }
        }
        timeline.encode(into: &writer)
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

    /// A ledger with saved counters and dedup table, priced by `prices` under `costMode`.
    /// Requests saved while their model had no price stay unpriced until
    /// ``priceAwaitingRequests()`` (which a restore calls: `prices` may know the model now).
    package static func decode(
        from reader: inout StateReader, prices: PriceTable, costMode: CostMode
    ) throws(StateError)
        -> UsageLedger
    {
        var ledger = UsageLedger(prices: prices, costMode: costMode)
        let seriesCount = try reader.readCount(
            minimumItemBytes: 4 * SeriesLabel.allCases.count + 40 + 8 + 8 + 1 + 8 + 8)
        for _ in 0..<seriesCount {
            var key = SeriesKey(source: "", provider: "", model: "", project: "")
            for label in SeriesLabel.allCases { key[label] = try reader.readString() }
            let id = ledger.intern(key)
            guard Int(id) == ledger.stored.seriesKeys.count - 1 else { throw .invalid("a repeated series \(key)") }
            var totals = SeriesTotals()
            totals.tokens = try reader.readTokens()
            totals.costUSD = try reader.readDouble()
            totals.requests = try reader.readUInt64()
            totals.hasCost = try reader.readBool()
            totals.duplicateLines = try reader.readUInt64()
            totals.lastEventMillis = try reader.readInt64()
            ledger.stored.totals[Int(id)] = totals
        }
        let unpricedCount = try reader.readCount(minimumItemBytes: 16)
        for _ in 0..<unpricedCount {
            let key = UnpricedKey(source: try reader.readString(), model: try reader.readString())
            ledger.stored.unpriced[key] = try reader.readUInt64()
        }
        let sourceCount = try reader.readCount(minimumItemBytes: 52)
        for _ in 0..<sourceCount {
            let name = try reader.readString()
            var health = SourceHealth()
            health.linesRead = try reader.readUInt64()
            health.bytesRead = try reader.readUInt64()
            health.duplicateLines = try reader.readUInt64()
            health.rejected = try readList(&reader, count: RejectReason.allCases.count)
            health.sourceErrors = try readList(&reader, count: SourceErrorReason.allCases.count)
            health.fileResets = try readList(&reader, count: FileResetReason.allCases.count)
            let last = try reader.readInt64()
            health.lastEventMillis = last == .min ? nil : last
            health.filesWatched = try reader.readInt()
            health.filesForgotten = try reader.readUInt64()
            ledger.stored.sourceHealth[name] = health
        }
        try ledger.decodeEvents(from: &reader)
        for index in ledger.stored.histograms.indices {
            var histograms = RequestHistograms()
            histograms.cost = try readHistogram(&reader, histograms.cost)
            histograms.tokens = try readHistogram(&reader, histograms.tokens)
            ledger.stored.histograms[index] = histograms
        }
        ledger.timeline = try UsageTimeline.decode(from: &reader, seriesCount: ledger.stored.seriesKeys.count)
        let entryCount = try reader.readCount(minimumItemBytes: 40)
        ledger.dedup = DedupTable(expectedCount: entryCount)
        for _ in 0..<entryCount {
            let key = try reader.readUInt64()
            let cost = try reader.readDouble()
            let tokens = TokenCounts(
                input: UInt64(try reader.readUInt32()), output: UInt64(try reader.readUInt32()),
                cacheWrite5m: UInt64(try reader.readUInt32()), cacheWrite1h: UInt64(try reader.readUInt32()),
                cacheRead: UInt64(try reader.readUInt32()))
            let series = try reader.readUInt32()
            let flags = try reader.readUInt32()
            guard Int(series) < ledger.stored.seriesKeys.count, flags <= UInt32(UInt8.max) else {
                throw .invalid("a dedup entry for series \(series) of \(ledger.stored.seriesKeys.count)")
            }
            ledger.dedup.set(key, DedupEntry(tokens: tokens, costUSD: cost, series: series, flags: UInt8(flags)))
            if UInt8(flags) & DedupEntry.unpricedFlag != 0 { ledger.seriesAwaitingPrice.insert(series) }
        }
        return ledger
    }

    /// Capture failures, cache lookups, the estimation histogram, the audit join and the keys of
    /// the lines behind them.
    private func encodeEvents(into writer: inout StateWriter) {
        let failures = stored.captureFailures.keys.sorted()
        writer.write(failures.count)
        for key in failures {
            writer.write(key.source)
            writer.write(key.reason.rawValue)
            writer.write(stored.captureFailures[key]!)
        }
        let lookups = stored.cacheLookups.keys.sorted()
        writer.write(lookups.count)
        for key in lookups {
            writer.write(key.source)
            writer.write(key.provider)
            writer.write(key.appService)
            writer.write(key.hit)
            writer.write(stored.cacheLookups[key]!)
        }
        let estimation = stored.estimation
        writer.write(estimation.bucketCounts.count)
        for count in estimation.bucketCounts { writer.write(count) }
        writer.write(estimation.sum)
        writer.write(estimation.count)
        writer.write(estimation.estimatedTokens)
        writer.write(estimation.actualTokens)
        writer.write(estimation.unmatchedDropped)
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
        writer.write(seenEvents.count)
        for key in seenEvents.sorted() { writer.write(key) }
    }

    private mutating func decodeEvents(from reader: inout StateReader) throws(StateError) {
        let failureCount = try reader.readCount(minimumItemBytes: 16)
        for _ in 0..<failureCount {
            let source = try reader.readString()
            let text = try reader.readString()
            guard let reason = CaptureFailureReason(rawValue: text) else {
                throw .invalid("a capture failure reason \"\(text)\"")
            }
            stored.captureFailures[CaptureFailureKey(source: source, reason: reason)] = try reader.readUInt64()
        }
        let lookupCount = try reader.readCount(minimumItemBytes: 21)
        for _ in 0..<lookupCount {
            let key = CacheLookupKey(
                source: try reader.readString(), provider: try reader.readString(), appService: try reader.readString(),
                hit: try reader.readBool())
            stored.cacheLookups[key] = try reader.readUInt64()
        }
        var estimation = EstimationStats()
        estimation.bucketCounts = try UsageLedger.readList(&reader, count: EstimationStats.bounds.count + 1)
        estimation.sum = try reader.readDouble()
        estimation.count = try reader.readUInt64()
        estimation.estimatedTokens = try reader.readUInt64()
        estimation.actualTokens = try reader.readUInt64()
        estimation.unmatchedDropped = try reader.readUInt64()
        var pending: [(String, UInt64)] = []
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
            pending.append((try reader.readString(), try reader.readUInt64()))
        }
        var actuals: [(String, UInt64)] = []
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
            actuals.append((try reader.readString(), try reader.readUInt64()))
        }
        join = EstimationJoin.restored(pending: pending, actuals: actuals)
        estimation.unmatched = join.pendingCount
        stored.estimation = estimation
        let seenCount = try reader.readCount(minimumItemBytes: 8)
        seenEvents.reserveCapacity(seenCount)
        for _ in 0..<seenCount { seenEvents.insert(try reader.readUInt64()) }
    }

    private static func readHistogram(_ reader: inout StateReader, _ empty: Histogram) throws(StateError) -> Histogram {
        var histogram = empty
        for index in histogram.counts.indices { histogram.counts[index] = try reader.readUInt64() }
        histogram.sum = try reader.readDouble()
        histogram.count = try reader.readUInt64()
        return histogram
    }

    /// A list of counters; its length must be this build's number of reasons.
    private static func readList(_ reader: inout StateReader, count expected: Int) throws(StateError) -> [UInt64] {
        let count = try reader.readCount(minimumItemBytes: 8)
        guard count == expected else { throw .invalid("\(count) counters where this build has \(expected)") }
        var values: [UInt64] = []
        for _ in 0..<count { values.append(try reader.readUInt64()) }
        return values
    }
}
