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
        var restored = try ledger.savedAndRestored()
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

    /// Issue 16: each series' oldest event (OpenMetrics' `_created`) is saved in a section of
    /// its own; a state from before it restores with the newest event standing in.
    @Test func theOldestEventOfEachSeriesSurvivesAndAnOlderStateFallsBackToTheNewest() throws {
        let ledger = makeLedger()
        let firsts = ledger.counters.totals.map(\.firstEventMillis)
        #expect(firsts.allSatisfy { $0 != .max })
        #expect(try ledger.savedAndRestored().counters.totals.map(\.firstEventMillis) == firsts)

        var saved = StateSections()
        ledger.encode(into: &saved)
        var older = StateSections()
        for tag in saved.tags where tag != "ledger.series_first_events" {
            older.add(tag) { $0.write(raw: saved.bytes(tag)!) }
        }
        let restored = try UsageLedger.decode(
            from: StateSections(reading: older.payload), prices: .bundled, costMode: .auto)
        #expect(restored.counters.totals.map(\.firstEventMillis) == ledger.counters.totals.map(\.lastEventMillis))
    }

    @Test func truncatedOrGarbledStateIsAnErrorNotACrash() {
        let bytes = makeLedger().savedPayload()
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: StateError.self) {
                try UsageLedger.decode(
                    from: StateSections(reading: Array(bytes[0..<cut])), prices: .bundled, costMode: .auto)
            }
        }
        var huge = StateWriter()
        huge.write(UInt64.max)
        #expect(throws: StateError.self) {
            try UsageLedger.decode(from: StateSections(reading: huge.bytes), prices: .bundled, costMode: .auto)
        }
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
        let restored = try ledger.savedAndRestored()
        #expect(restored.dedup.count == ledger.dedup.count)
        #expect(restored.dedup.storageBytes == DedupTable(expectedCount: ledger.dedup.count).storageBytes)
    }

    /// Sections are read by tag and reasons by name, so that one build reads another's state:
    /// a section a later build added is skipped, one an earlier build did not have is empty,
    /// a reason this build added starts at 0 and one it does not know is dropped, and a label
    /// it does not know merges the series it told apart.
    @Test func aStateFromAnotherBuildIsReadByName() throws {
        let ledger = makeLedger()
        let saved = try StateSections(reading: ledger.savedPayload())
        var edited = StateSections()
        for tag in saved.tags where !["ledger.histograms", "ledger.source_health", "ledger.series"].contains(tag) {
            edited.add(tag) { $0.write(raw: saved.bytes(tag)!) }
        }
        edited.add("ledger.from_a_later_build") { $0.write("anything at all") }
        edited.add("ledger.source_health") { writer in
            writer.write(1)
            writer.write("claude_code")
            for value: UInt64 in [1234, 0, 0] { writer.write(value) }
            writer.write(Int64.min)
            writer.write(9)
            writer.write(UInt64(0))
            writer.write(named: [("overlong", 2), ("a_later_reason", 9)])
            writer.write(named: [])
            writer.write(named: [("replaced", 1), ("truncated", 3)])
        }
        // The series as a build with one more label ("region") would have written them.
        edited.add("ledger.series") { writer in
            var reader = StateReader(saved.bytes("ledger.series")!)
            let names = (0..<(try! reader.readCount(minimumItemBytes: 4))).map { _ in try! reader.readString() }
            writer.write(names.count + 1)
            for name in names + ["region"] { writer.write(name) }
            let count = try! reader.readCount(minimumItemBytes: 1)
            writer.write(count)
            for _ in 0..<count {
                for _ in names { writer.write(try! reader.readString()) }
                writer.write("eu")
                for _ in 0..<(5 + 1 + 1) { writer.write(try! reader.readUInt64()) }
                writer.write(try! reader.readBool())
                for _ in 0..<2 { writer.write(try! reader.readUInt64()) }
            }
        }
        let restored = try UsageLedger.decode(
            from: StateSections(reading: edited.payload), prices: .bundled, costMode: .auto)
        #expect(restored.counters.totals == ledger.counters.totals)
        #expect(restored.counters.seriesKeys == ledger.counters.seriesKeys)
        #expect(restored.dedup.count == ledger.dedup.count)
        let health = try #require(restored.counters.health["claude_code"])
        #expect(health.linesRead == 1234)
        #expect(health[RejectReason.overlong] == 2)
        #expect(health[RejectReason.invalidUTF8] == 0)
        #expect(health.rejected.reduce(0, +) == 2)
        #expect(health[FileResetReason.truncated] == 3)
        // No histogram section: the histograms start empty, nothing else is lost.
        #expect(restored.counters.histograms.allSatisfy { $0 == RequestHistograms() })
        #expect(ledger.counters.histograms.contains { $0 != RequestHistograms() })
    }

    /// A label a later build no longer has: the series it told apart become one, summed, and
    /// the requests of both still deduplicate.
    @Test func seriesMergeWhenALabelIsGone() throws {
        var ledger = UsageLedger()
        let a = ledger.intern(SeriesKey(source: "s", provider: "p", model: "m", project: "one"))
        let b = ledger.intern(SeriesKey(source: "s", provider: "p", model: "m", project: "two"))
        _ = ledger.add(UsageRecord(series: a, tokens: TokenCounts(output: 3), timestampMillis: 1, dedupKey: 1))
        _ = ledger.add(UsageRecord(series: b, tokens: TokenCounts(output: 4), timestampMillis: 2, dedupKey: 2))
        let saved = try StateSections(reading: ledger.savedPayload())
        var edited = StateSections()
        for tag in saved.tags where tag != "ledger.series" {
            edited.add(tag) { $0.write(raw: saved.bytes(tag)!) }
        }
        edited.add("ledger.series") { writer in
            var reader = StateReader(saved.bytes("ledger.series")!)
            let names = (0..<(try! reader.readCount(minimumItemBytes: 4))).map { _ in try! reader.readString() }
            // "project" renamed to a label this build does not know.
            writer.write(names.count)
            for name in names { writer.write(name == "project" ? "retired_label" : name) }
            writer.write(raw: Array(saved.bytes("ledger.series")![reader.offset...]))
        }
        var restored = try UsageLedger.decode(
            from: StateSections(reading: edited.payload), prices: .bundled, costMode: .auto)
        #expect(restored.counters.seriesKeys.count == 1)
        #expect(restored.counters.totals[0].tokens.output == 7)
        #expect(restored.counters.totals[0].requests == 2)
        #expect(restored.counters.histograms[0].tokens.count == 2)
        #expect(
            restored.add(UsageRecord(series: 0, tokens: TokenCounts(output: 4), timestampMillis: 2, dedupKey: 2))
                == .duplicate)
    }
}
