import Testing
import UsageModel

@Suite struct UsageLedgerTests {
    private func makeLedger(_ mode: CostMode = .auto) -> (UsageLedger, SeriesID) {
        var ledger = UsageLedger(prices: .bundled, costMode: mode)
        let series = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5-20250929", project: "app")
        )
        return (ledger, series)
    }

    private func record(
        _ series: SeriesID, key: UInt64?, output: UInt64, input: UInt64 = 10, sidechain: Bool = false,
        cost: Double? = nil
    ) -> UsageRecord {
        UsageRecord(
            series: series, tokens: TokenCounts(input: input, output: output, cacheRead: 1000), reportedCostUSD: cost,
            timestampMillis: 1_000, dedupKey: key, isSidechain: sidechain)
    }

    @Test func contentBlockCopiesCountOnce() {
        var (ledger, series) = makeLedger()
        #expect(ledger.add(record(series, key: 1, output: 50)) == .counted)
        #expect(ledger.add(record(series, key: 1, output: 50)) == .duplicate)
        #expect(ledger.add(record(series, key: 1, output: 50)) == .duplicate)
        #expect(ledger.counters.totals[Int(series)].requests == 1)
        #expect(ledger.counters.totals[Int(series)].tokens.output == 50)
        #expect(ledger.counters.health["claude_code"]?.duplicateLines == 2)
    }

    @Test func streamingPartialsKeepTheMaximumAndCountersOnlyRise() {
        var (ledger, series) = makeLedger()
        _ = ledger.add(record(series, key: 7, output: 5))
        let afterPartial = ledger.counters.totals[Int(series)]
        #expect(ledger.add(record(series, key: 7, output: 300)) == .raised)
        #expect(ledger.add(record(series, key: 7, output: 120)) == .duplicate)
        let totals = ledger.counters.totals[Int(series)]
        #expect(totals.tokens.output == 300)
        #expect(totals.requests == 1)
        #expect(totals.costUSD > afterPartial.costUSD)
        let expected: Double = (10 * 3 + 300 * 15 + 1000 * 0.3) / 1e6
        #expect(abs(totals.costUSD - expected) < 1e-15)
    }

    @Test func mainCopyReplacesSidechainWithoutLoweringCounters() {
        var (ledger, series) = makeLedger()
        _ = ledger.add(record(series, key: 3, output: 100, sidechain: true))
        // The main copy wins even with equal tokens; counters stay (component-wise max).
        #expect(ledger.add(record(series, key: 3, output: 100, input: 12)) == .raised)
        #expect(ledger.dedup[3]?.has(DedupEntry.sidechainFlag) == false)
        #expect(ledger.counters.totals[Int(series)].tokens.input == 12)
        // Once the main copy is kept, a sidechain copy with more tokens does not displace it...
        #expect(ledger.add(record(series, key: 3, output: 100, sidechain: true)) == .duplicate)
        #expect(ledger.counters.totals[Int(series)].tokens.output == 100)
    }

    @Test func recordsWithoutKeyAreNeverDeduplicated() {
        var (ledger, series) = makeLedger()
        _ = ledger.add(record(series, key: nil, output: 1))
        _ = ledger.add(record(series, key: nil, output: 1))
        #expect(ledger.counters.totals[Int(series)].requests == 2)
        #expect(ledger.dedup.isEmpty)
    }

    @Test func costModes() {
        let calculated: Double = (10 * 3 + 50 * 15 + 1000 * 0.3) / 1e6
        let cases: [(CostMode, Double)] = [(.auto, 0.5), (.calculate, calculated), (.display, 0.5)]
        for (mode, expected) in cases {
            var (ledger, series) = makeLedger(mode)
            _ = ledger.add(record(series, key: 1, output: 50, cost: 0.5))
            #expect(abs(ledger.counters.totals[Int(series)].costUSD - expected) < 1e-15, "\(mode)")
        }
        var (display, series) = makeLedger(.display)
        _ = display.add(record(series, key: 2, output: 50))
        #expect(display.counters.totals[Int(series)].costUSD == 0)
        #expect(display.counters.unpriced.isEmpty)
    }

    @Test func unpricedModelsAreCountedNotSilentlyZero() {
        var ledger = UsageLedger()
        let series = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-next-9", project: "p"))
        #expect(ledger.add(record(series, key: 1, output: 5)) == .countedUnpriced(firstForModel: true))
        #expect(ledger.add(record(series, key: 2, output: 5)) == .countedUnpriced(firstForModel: false))
        #expect(ledger.add(record(series, key: 2, output: 9)) == .raised)
        #expect(ledger.counters.unpriced[UnpricedKey(source: "claude_code", model: "claude-next-9")] == 2)
        #expect(ledger.counters.totals[Int(series)].hasCost == false)
        #expect(ledger.counters.totals[Int(series)].tokens.output == 14)
    }

    @Test func dedupIsGlobalAcrossSeries() {
        var ledger = UsageLedger()
        let a = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-haiku-4-5", project: "a"))
        let b = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-haiku-4-5", project: "b"))
        _ = ledger.add(record(a, key: 99, output: 10))
        // A resumed session in another project copies the line: it stays counted once, where first seen.
        #expect(ledger.add(record(b, key: 99, output: 10)) == .duplicate)
        #expect(ledger.counters.totals[Int(b)].requests == 0)
        #expect(ledger.counters.totals[Int(a)].requests == 1)
    }

    @Test func dedupEntriesStayCompact() {
        #expect(MemoryLayout<DedupEntry>.stride == 32)
    }
}

@Suite struct DedupTableTests {
    @Test func findsEveryKeyThroughGrowthWithinTheMemoryBudget() {
        var table = DedupTable()
        var state: UInt64 = 0x1234_5678
        var keys: [UInt64] = []
        for index in 0..<200_000 {
            // splitmix64: well-mixed keys, as StableHash gives.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            keys.append(z)
            table.set(z, DedupEntry(tokens: TokenCounts(output: UInt64(index)), costUSD: 0, series: 1, flags: 0))
        }
        table.set(0, DedupEntry(tokens: TokenCounts(output: 7), costUSD: 0, series: 2, flags: 4))
        #expect(table.count == 200_001)
        #expect(keys.indices.allSatisfy { table[keys[$0]]?.output == UInt32($0) })
        #expect(table[0]?.has(DedupEntry.unpricedFlag) == true)
        #expect(table[0]?.series == 2)
        #expect(table[12345] == nil)
        // Replacing keeps the count.
        table.set(keys[0], DedupEntry(tokens: TokenCounts(output: 99), costUSD: 1, series: 3, flags: 1))
        #expect(table.count == 200_001)
        #expect(table[keys[0]]?.output == 99)
        #expect(table.all.count == 200_001)
        // 40-byte slots at 64-80 % load.
        let perEntry = Double(table.storageBytes) / Double(table.count)
        #expect(perEntry <= 64)
        #expect(perEntry >= 50)
    }

    /// A segment's slots are a shared block, and a grown segment's old block is reused for the
    /// next growth: a copy of the table must still be a value, whichever copy grows or changes.
    @Test func aCopiedTableIsAValueThroughGrowthAndUpdates() {
        func key(_ index: Int) -> UInt64 {
            var z = UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func entry(_ output: Int) -> DedupEntry {
            DedupEntry(tokens: TokenCounts(output: UInt64(output)), costUSD: 0, series: 1, flags: 0)
        }
        var original = DedupTable()
        for index in 1...5_000 { original.set(key(index), entry(index)) }
        var copy = original
        // The copy grows through many sizes (taking and leaving spare blocks) and changes old keys.
        for index in 5_001...40_000 { copy.set(key(index), entry(index)) }
        copy.set(key(1), entry(11))
        copy.update { $0.output == 2 ? entry(22) : nil }
        // The original grows too, from its own blocks.
        for index in 40_001...45_000 { original.set(key(index), entry(index)) }
        #expect(original.count == 10_000)
        #expect(copy.count == 40_000)
        #expect(original[key(1)]?.output == 1)
        #expect(original[key(2)]?.output == 2)
        #expect(original[key(5_001)] == nil)
        #expect(copy[key(40_001)] == nil)
        #expect(copy[key(1)]?.output == 11)
        #expect(copy[key(2)]?.output == 22)
        #expect((2...40_000).allSatisfy { $0 == 2 || copy[key($0)]?.output == UInt32($0) })
        #expect((40_001...45_000).allSatisfy { original[key($0)]?.output == UInt32($0) })
        #expect(Set(original.all.map(\.key)).count == 10_000)
    }

    /// The history's table: struct keys (quarter, series, branch), values changed in place,
    /// every key found again through growth, and the slots within their budget.
    @Test func bucketKeysAccumulateThroughGrowth() {
        var table = SegmentedTable<TimeBucketKey, BucketTotals>()
        var expected: [TimeBucketKey: UInt64] = [:]
        for round in 0..<3 {
            for quarter in Int64(-50)..<2_000 {
                for series in SeriesID(0)..<4 {
                    let key = TimeBucketKey(quarter: quarter * 7, series: series, branch: UInt32((quarter + 50) % 3))
                    table.modify(key, default: BucketTotals()) { $0.requests += UInt64(round + 1) }
                    expected[key, default: 0] += UInt64(round + 1)
                }
            }
        }
        #expect(table.count == expected.count)
        #expect(expected.allSatisfy { table[$0.key]?.requests == $0.value })
        #expect(table[TimeBucketKey(quarter: 1, series: 0, branch: 0)] == nil)
        var seen = 0
        table.forEach { key, totals in
            seen += 1
            #expect(expected[key] == totals.requests)
        }
        #expect(seen == expected.count)
        let perEntry = Double(table.storageBytes) / Double(table.count)
        #expect(perEntry <= 88 / 0.64 + 8)
    }

    @Test func seriesBeyondTheLimitShareAnOverflowSeries() {
        var ledger = UsageLedger(seriesLimit: 2)
        let ids = (0..<5).map {
            ledger.intern(SeriesKey(source: "claude_code", provider: "anthropic", model: "m\($0)", project: "p"))
        }
        #expect(ids == [0, 1, 2, 2, 2])
        #expect(ledger.counters.seriesKeys[2].model == "(series limit reached)")
        let other = ledger.intern(SeriesKey(source: "events", provider: "openai", model: "x", project: ""))
        #expect(other == 3)
        #expect(ledger.counters.seriesKeys.count == 4)
    }
}
