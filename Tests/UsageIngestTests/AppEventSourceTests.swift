import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

@Suite struct AppEventSourceTests {
    private func poll(_ text: String, mode: CostMode = .auto) -> UsageLedger {
        let tree = TempTree()
        tree.write("apps/usage-2025-10.jsonl", text)
        var ledger = UsageLedger(costMode: mode)
        AppEventDecoder.makeSource(
            paths: [tree.path("apps/*.jsonl")],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true))
        )
        .poll(into: &ledger)
        return ledger
    }

    private func cost(_ ledger: UsageLedger, tenant: String) -> Double {
        ledger.counters.series().filter { $0.key.tenant == tenant }.reduce(0) { $0 + $1.totals.costUSD }
    }

    @Test func tenantsAreSeparateAndCacheHitsAreNeverPriced() {
        let embedding = SourceFixtures.appEvent(
            provider: "openai", operation: "embedding", model: "text-embedding-3-large", input: 1000, cacheHit: false)
        let ledger = poll(
            SourceFixtures.appEvent(input: 450, output: 180) + embedding
                + SourceFixtures.appEvent(
                    provider: "openai", operation: "embedding", model: "text-embedding-3-large", tenant: "hotel-7",
                    input: 1000, cacheHit: true, timestamp: "2025-10-03T12:00:05Z")
                + SourceFixtures.appEvent(tenant: "hotel-7", input: 100, output: 10, cost: 0.5)
                // The same line twice is one call.
                + embedding)

        // Haiku 3.5: 450 x $0.80 + 180 x $4 per million = $0.00108; the embedding 1000 x $0.13 = $0.00013.
        #expect(abs(cost(ledger, tenant: "hotel-42") - (0.00108 + 0.00013)) < 1e-15)
        // The hit costs nothing; the event's own cost_usd is used in cost mode auto.
        #expect(cost(ledger, tenant: "hotel-7") == 0.5)
        let hotel7 = ledger.counters.series().filter { $0.key.tenant == "hotel-7" }
        #expect(hotel7.count == 1)
        #expect(hotel7[0].totals.requests == 1)
        #expect(hotel7[0].key.appService == "conversation-memory")
        #expect(hotel7[0].key.operation == "compression")

        let lookups = ledger.counters.cacheLookups
        #expect(
            lookups[CacheLookupKey(source: "events", provider: "openai", appService: "conversation-memory", hit: true)]
                == 1)
        #expect(
            lookups[CacheLookupKey(source: "events", provider: "openai", appService: "conversation-memory", hit: false)]
                == 1)
        #expect(lookups.count == 2)
        #expect(ledger.counters.health["events"]!.duplicateLines == 1)
    }

    @Test func calculateModeIgnoresTheEventsCost() {
        let ledger = poll(SourceFixtures.appEvent(tenant: "t", input: 100, output: 10, cost: 0.5), mode: .calculate)
        #expect(abs(cost(ledger, tenant: "t") - (100 * 0.8 + 10 * 4) / 1_000_000) < 1e-15)
    }

    @Test func malformedEventsAreCountedByReason() {
        let ledger = poll(
            #"{"timestamp":"2025-10-03T12:00:00Z","model":"m","input_tokens":1}"# + "\n"
                + #"{"timestamp":"2025-10-03T12:00:00Z","provider":"openai","model":"m"}"# + "\n"
                + #"{"timestamp":"2025-10-03T12:00:00Z","provider":"openai","model":"m","input_tokens":1.5}"# + "\n"
                + #"{"timestamp":"2025-10-03T12:00:00Z","provider":"openai","model":"m","input_tokens":1,"cache_hit":"no"}"#
                + "\n" + #"{"timestamp":"2025-10-03","provider":"openai","model":"m","input_tokens":1}"# + "\n"
                + "[1,2]\n" + SourceFixtures.appEvent(input: 7, output: 1))
        let health = ledger.counters.health["events"]!
        #expect(health[RejectReason.missingField] == 2)
        #expect(health[RejectReason.badValue] == 2)
        #expect(health[RejectReason.badTimestamp] == 1)
        #expect(health[RejectReason.malformedJSON] == 1)
        #expect(ledger.counters.tokensByModel(source: "events")["claude-3-5-haiku-20241022"]?.input == 7)
    }

    @Test func filesThatAppearLaterAndAppendsAreRead() {
        let tree = TempTree()
        let source = AppEventDecoder.makeSource(
            paths: [tree.path("apps/*.jsonl")],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true)))
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(source.statuses.map(\.state) == [.missing])

        tree.write("apps/a.jsonl", SourceFixtures.appEvent(input: 450, output: 180))
        source.poll(into: &ledger)
        #expect(source.statuses.map(\.files) == [1])
        tree.append("apps/a.jsonl", SourceFixtures.appEvent(tenant: "hotel-7", input: 10, output: 1))
        // A partial line waits for its newline.
        tree.append("apps/a.jsonl", String(SourceFixtures.appEvent(tenant: "hotel-7", input: 20, output: 2).dropLast()))
        source.poll(into: &ledger)
        #expect(ledger.counters.tokensByModel(source: "events")["claude-3-5-haiku-20241022"]?.input == 460)
        tree.append("apps/a.jsonl", "\n")
        source.poll(into: &ledger)
        #expect(ledger.counters.tokensByModel(source: "events")["claude-3-5-haiku-20241022"]?.input == 480)
        #expect(ledger.counters.health["events"]!.linesRead == 3)
    }
}
