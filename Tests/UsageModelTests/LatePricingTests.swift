import Testing
import UsageModel

/// A model counted before it had a price: when a price appears (an update, a price file, a new
/// version), the cost of its counted requests is added once.
@Suite struct LatePricingTests {
    static let model = "claude-next-9"
    static let price = ModelPrice(
        rates: TokenRates(input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2),
        longContextRates: TokenRates(input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4),
        longContextThreshold: 200_000, fastMultiplier: 2)

    static var pricedTable: PriceTable {
        var table = PriceTable.bundled
        table.set(model, price, provider: "anthropic", origin: "update")
        return table
    }

    /// Three requests of the unpriced model (one past the long-context threshold, one in fast
    /// mode, one raised by a better copy) and one priced Sonnet request, in two quarter hours.
    static func makeLedger() -> (UsageLedger, SeriesID, SeriesID) {
        var ledger = UsageLedger(prices: .bundled, costMode: .auto)
        let next = ledger.intern(SeriesKey(source: "claude_code", provider: "anthropic", model: model, project: "app"))
        let sonnet = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5", project: "app"))
        let base: Int64 = 1_764_000_000_000
        _ = ledger.add(
            UsageRecord(
                series: next, tokens: TokenCounts(input: 100, output: 1000), timestampMillis: base, dedupKey: 1))
        _ = ledger.add(
            UsageRecord(
                series: next, tokens: TokenCounts(input: 10, output: 500, cacheRead: 250_000),
                timestampMillis: base + 60_000, dedupKey: 2))
        _ = ledger.add(
            UsageRecord(
                series: next, tokens: TokenCounts(input: 10, output: 100), timestampMillis: base + 1_800_000,
                dedupKey: 3, isFast: true))
        _ = ledger.add(
            UsageRecord(
                series: next, tokens: TokenCounts(input: 10, output: 300), timestampMillis: base + 1_800_000,
                dedupKey: 3, isFast: true))
        _ = ledger.add(
            UsageRecord(
                series: sonnet, tokens: TokenCounts(input: 1000, output: 1000), timestampMillis: base, dedupKey: 4))
        return (ledger, next, sonnet)
    }

    /// What the three requests cost at ``price``, each by its own rule.
    static let expectedLateCost: Double =
        (100 * 2 + 1000 * 10) / 1e6  // plain
        + (10 * 4 + 500 * 20 + 250_000 * 0.4) / 1e6  // past 200k prompt tokens: the whole request at the tier
        + 2 * (10 * 2 + 300 * 10) / 1e6  // fast mode, the better copy's tokens

    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test func aLatePriceCatchesTheCostCounterUpOnce() throws {
        var (ledger, next, sonnet) = Self.makeLedger()
        let sonnetCost = ledger.counters.totals[Int(sonnet)].costUSD
        #expect(ledger.counters.totals[Int(next)].hasCost == false)
        #expect(ledger.counters.unpriced[UnpricedKey(source: "claude_code", model: Self.model)] == 3)

        let late = ledger.reprice(with: Self.pricedTable)
        let caught = try #require(late[UnpricedKey(source: "claude_code", model: Self.model)])
        #expect(caught.requests == 3)
        #expect(close(caught.costUSD, Self.expectedLateCost))
        let totals = ledger.counters.totals[Int(next)]
        #expect(totals.hasCost)
        #expect(close(totals.costUSD, Self.expectedLateCost))
        #expect(ledger.counters.histograms[Int(next)].cost.count == 3)
        #expect(close(ledger.counters.histograms[Int(next)].cost.sum, Self.expectedLateCost))
        // The counter of unpriced requests is a counter: it keeps what happened.
        #expect(ledger.counters.unpriced[UnpricedKey(source: "claude_code", model: Self.model)] == 3)
        // Cost already counted is not rewritten.
        #expect(ledger.counters.totals[Int(sonnet)].costUSD == sonnetCost)
        // The history the periods and reports sum holds the same cost as the counters.
        let historyCost = ledger.timeline.buckets.filter { $0.key.series == next }.reduce(0) { $0 + $1.value.costUSD }
        #expect(close(historyCost, Self.expectedLateCost))

        // Once: the same price again adds nothing.
        #expect(ledger.reprice(with: Self.pricedTable).isEmpty)
        #expect(close(ledger.counters.totals[Int(next)].costUSD, Self.expectedLateCost))
        // Requests after it are priced as they come.
        #expect(
            ledger.add(UsageRecord(series: next, tokens: TokenCounts(output: 1000), timestampMillis: 5, dedupKey: 9))
                == .counted)
        #expect(close(ledger.counters.totals[Int(next)].costUSD, Self.expectedLateCost + 0.01))
    }

    @Test func aChangedPriceAppliesToLaterRequestsOnly() {
        var (ledger, _, sonnet) = Self.makeLedger()
        let before = ledger.counters.totals[Int(sonnet)].costUSD
        var dearer = PriceTable.bundled
        dearer.set(
            "claude-sonnet-4-5", ModelPrice(rates: .anthropic(input: 30, output: 150)), provider: "anthropic",
            origin: "f")
        #expect(ledger.reprice(with: dearer).isEmpty)
        #expect(ledger.counters.totals[Int(sonnet)].costUSD == before)
        _ = ledger.add(
            UsageRecord(series: sonnet, tokens: TokenCounts(output: 1_000_000), timestampMillis: 9, dedupKey: 10))
        #expect(close(ledger.counters.totals[Int(sonnet)].costUSD, before + 150))
    }

    /// A state saved by a build without the price, loaded by one with it (a new version).
    @Test func aStateSavedWithoutThePriceIsPricedWhenLoadedWithIt() throws {
        let (ledger, next, _) = Self.makeLedger()
        var restored = try ledger.savedAndRestored(prices: Self.pricedTable)
        #expect(restored.counters.totals[Int(next)].hasCost == false)
        let late = restored.priceAwaitingRequests()
        #expect(late[UnpricedKey(source: "claude_code", model: Self.model)]?.requests == 3)
        #expect(close(restored.counters.totals[Int(next)].costUSD, Self.expectedLateCost))
        // Saved again and loaded again, nothing is priced twice.
        var second = try restored.savedAndRestored(prices: Self.pricedTable)
        #expect(second.priceAwaitingRequests().isEmpty)
        #expect(close(second.counters.totals[Int(next)].costUSD, Self.expectedLateCost))
    }
}
