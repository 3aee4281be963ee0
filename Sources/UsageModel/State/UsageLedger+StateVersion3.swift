/// Format 3, the last one before sections (commit 1a27b61 and earlier): read so that an
/// upgrade keeps the state. Its lists of counters are positional, in the order of the reasons
/// as they were then, frozen here by name.
extension UsageLedger {
    static let version3SeriesLabels = [
        "source", "provider", "model", "project", "user", "phase", "tenant", "app_service", "operation",
    ]
    static let version3RejectReasons = [
        "malformed_json", "missing_field", "bad_value", "bad_timestamp", "overlong", "invalid_utf8",
    ]
    static let version3SourceErrorReasons = ["permission_denied", "io_error", "symlink_loop"]
    static let version3FileResetReasons = ["truncated", "replaced"]
    static let version3EstimationBounds: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]
    static let version3CostBounds: [Double] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]
    static let version3TokenBounds: [Double] = [
        100, 1000, 5000, 10_000, 25_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
    ]

    /// A ledger from a format 3 payload's ledger part (see ``decode(from:prices:costMode:)``).
    package static func decodeVersion3(
        from reader: inout StateReader, prices: PriceTable, costMode: CostMode
    ) throws(StateError)
        -> UsageLedger
    {
        var ledger = UsageLedger(prices: prices, costMode: costMode)
        let seriesCount = try reader.readCount(
            minimumItemBytes: 4 * version3SeriesLabels.count + 40 + 8 + 8 + 1 + 8 + 8)
        for _ in 0..<seriesCount {
            var key = SeriesKey(source: "", provider: "", model: "", project: "")
            for name in version3SeriesLabels {
                let value = try reader.readString()
                if let label = SeriesLabel(rawValue: name) { key[label] = value }
            }
            let id = ledger.intern(key)
            guard Int(id) == ledger.stored.seriesKeys.count - 1 else { throw .invalid("a repeated series \(key)") }
            var totals = SeriesTotals()
            totals.tokens = try reader.readTokens()
            totals.costUSD = try reader.readDouble()
            totals.requests = try reader.readUInt64()
            totals.hasCost = try reader.readBool()
            totals.duplicateLines = try reader.readUInt64()
            totals.lastEventMillis = try reader.readInt64()
            totals.assumeFirstEventIsTheLast()
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
            health.restore(
                rejected: try readList(&reader, names: version3RejectReasons),
                sourceErrors: try readList(&reader, names: version3SourceErrorReasons),
                fileResets: try readList(&reader, names: version3FileResetReasons))
            let last = try reader.readInt64()
            health.lastEventMillis = last == .min ? nil : last
            health.filesWatched = try reader.readInt()
            health.filesForgotten = try reader.readUInt64()
            ledger.stored.sourceHealth[name] = health
        }
        try ledger.decodeVersion3Events(from: &reader)
        for index in ledger.stored.histograms.indices {
            var histograms = RequestHistograms()
            histograms.cost = try readHistogram(
                &reader, histograms.cost, saved: version3CostBounds, bounds: RequestHistograms.costBounds)
            histograms.tokens = try readHistogram(
                &reader, histograms.tokens, saved: version3TokenBounds, bounds: RequestHistograms.tokenBounds)
            ledger.stored.histograms[index] = histograms
        }
        ledger.timeline = try UsageTimeline.decode(
            from: &reader, series: (0..<ledger.stored.seriesKeys.count).map { SeriesID($0) })
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
        // Format 3 predates activity: the files are read again for it.
        if !ledger.stored.seriesKeys.isEmpty { ledger.activityIsComplete = false }
        return ledger
    }

    private mutating func decodeVersion3Events(from reader: inout StateReader) throws(StateError) {
        let failureCount = try reader.readCount(minimumItemBytes: 16)
        for _ in 0..<failureCount {
            let source = try reader.readString()
            let text = try reader.readString()
            let value = try reader.readUInt64()
            // A reason this build no longer has is dropped with its series.
            if let reason = CaptureFailureReason(rawValue: text) {
                stored.captureFailures[CaptureFailureKey(source: source, reason: reason)] = value
            }
        }
        let lookupCount = try reader.readCount(minimumItemBytes: 21)
        for _ in 0..<lookupCount {
            let key = CacheLookupKey(
                source: try reader.readString(), provider: try reader.readString(), appService: try reader.readString(),
                hit: try reader.readBool())
            stored.cacheLookups[key] = try reader.readUInt64()
        }
        var estimation = EstimationStats()
        let count = try reader.readCount(minimumItemBytes: 8)
        guard count == UsageLedger.version3EstimationBounds.count + 1 else {
            throw .invalid(
                "\(count) estimation buckets where format 3 has \(UsageLedger.version3EstimationBounds.count + 1)")
        }
        estimation.bucketCounts = try reader.readCounts(
            savedBounds: UsageLedger.version3EstimationBounds, for: EstimationStats.bounds)
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

    private static func readHistogram(
        _ reader: inout StateReader, _ empty: Histogram, saved: [Double], bounds: [Double]
    ) throws(StateError) -> Histogram {
        var histogram = empty
        histogram.counts = try reader.readCounts(savedBounds: saved, for: bounds)
        histogram.sum = try reader.readDouble()
        histogram.count = try reader.readUInt64()
        return histogram
    }

    /// Counters by the reasons' names of format 3.
    private static func readList(_ reader: inout StateReader, names: [String]) throws(StateError) -> [String: UInt64] {
        let values = try readList(&reader, count: names.count)
        return Dictionary(uniqueKeysWithValues: zip(names, values))
    }

    /// A list of counters of the length format 3 had.
    private static func readList(_ reader: inout StateReader, count expected: Int) throws(StateError) -> [UInt64] {
        let count = try reader.readCount(minimumItemBytes: 8)
        guard count == expected else { throw .invalid("\(count) counters where format 3 has \(expected)") }
        var values: [UInt64] = []
        for _ in 0..<count { values.append(try reader.readUInt64()) }
        return values
    }
}
