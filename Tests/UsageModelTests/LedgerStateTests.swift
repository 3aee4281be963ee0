import Testing
import UsageModel

@Suite struct LedgerStateTests {
    private func makeLedger() -> UsageLedger {
        var ledger = UsageLedger()
        ledger.register(source: "claude_code")
        let a = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5", project: "app"))
        let b = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-next", project: "x\"y"))
        for key in UInt64(1)...500 {
            _ = ledger.add(
                UsageRecord(
                    series: key % 7 == 0 ? b : a,
                    tokens: TokenCounts(input: key, output: 2 * key, cacheWrite1h: 3, cacheRead: 10),
                    timestampMillis: Int64(key) * 1000, dedupKey: key &* 0x9E37_79B9_7F4A_7C15,
                    isSidechain: key % 3 == 0))
        }
        _ = ledger.add(
            UsageRecord(series: a, tokens: TokenCounts(output: 1), timestampMillis: 5, dedupKey: 0x9E37_79B9_7F4A_7C15))
        ledger.withHealth(of: "claude_code") { health in
            health.linesRead = 1234
            health[RejectReason.overlong] = 2
            health[FileResetReason.replaced] = 1
            health.filesWatched = 9
        }
        return ledger
    }

    @Test func roundTripsCountersAndTheDedupTable() throws {
        let ledger = makeLedger()
        var writer = StateWriter()
        ledger.encode(into: &writer)
        var reader = StateReader(writer.bytes)
        var restored = try UsageLedger.decode(from: &reader, prices: .bundled, costMode: .auto)
        #expect(reader.isAtEnd)
        #expect(restored.counters == ledger.counters)
        #expect(restored.dedup.count == ledger.dedup.count)
        for (key, entry) in ledger.dedup.all {
            #expect(restored.dedup[key] == entry)
        }
        // Counting goes on where it stopped: a copy is absorbed, a new request adds.
        let series = restored.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5", project: "app"))
        #expect(series == 0)
        #expect(
            restored.add(
                UsageRecord(
                    series: series, tokens: TokenCounts(input: 1, output: 2, cacheWrite1h: 3, cacheRead: 10),
                    timestampMillis: 1, dedupKey: 0x9E37_79B9_7F4A_7C15)) == .duplicate)
        #expect(
            restored.add(UsageRecord(series: series, tokens: TokenCounts(output: 5), timestampMillis: 1, dedupKey: 42))
                == .counted)
        #expect(restored.counters.totals[0].requests == ledger.counters.totals[0].requests + 1)
    }

    @Test func truncatedOrGarbledStateIsAnErrorNotACrash() {
        var writer = StateWriter()
        makeLedger().encode(into: &writer)
        let bytes = writer.bytes
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            var reader = StateReader(Array(bytes[0..<cut]))
            #expect(throws: StateError.self) {
                try UsageLedger.decode(from: &reader, prices: .bundled, costMode: .auto)
            }
        }
        var huge = StateWriter()
        huge.write(UInt64.max)
        var reader = StateReader(huge.bytes)
        #expect(throws: StateError.self) { try UsageLedger.decode(from: &reader, prices: .bundled, costMode: .auto) }
    }

    /// Saved entries come back in slot order; growing a small table under that order is
    /// quadratic (measured: 1.1 s to restore 250k requests), so a restore sizes the table first
    /// and never grows it.
    @Test func aRestoredDedupTableIsSizedOnceAndNeverGrows() throws {
        var ledger = makeLedger()
        for key in UInt64(1000)..<UInt64(41_000) {
            _ = ledger.add(
                UsageRecord(
                    series: 0, tokens: TokenCounts(output: 1), timestampMillis: 1,
                    dedupKey: key &* 0xD6E8_FEB8_6659_FD93))
        }
        var writer = StateWriter()
        ledger.encode(into: &writer)
        var reader = StateReader(writer.bytes)
        let restored = try UsageLedger.decode(from: &reader, prices: .bundled, costMode: .auto)
        #expect(restored.dedup.count == ledger.dedup.count)
        #expect(restored.dedup.storageBytes == DedupTable(expectedCount: ledger.dedup.count).storageBytes)
    }
}
