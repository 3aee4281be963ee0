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
        #expect(MemoryLayout<DedupEntry>.stride == 40)
    }
}
