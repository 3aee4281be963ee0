import TestSupport
import Testing
import UsageModel

@testable import UsageExposition

/// Issue 16, 1: a series that appears after the first catch-up is born at 0, and its value
/// is released once every recent scraper has been served the 0, or after a bounded hold.
@Suite struct SeriesBirthsTests {
    private static let opus = SeriesKey(
        source: "claude_code", provider: "anthropic", model: "claude-opus-4-1", project: "app")
    private static let sonnet = SeriesKey(
        source: "claude_code", provider: "anthropic", model: "claude-sonnet-4-5", project: "app")

    private func ledger(_ keys: [SeriesKey]) -> UsageLedger {
        var ledger = UsageLedger()
        ledger.register(source: "claude_code")
        for (index, key) in keys.enumerated() {
            _ = ledger.add(
                UsageRecord(
                    series: ledger.intern(key), tokens: TokenCounts(input: 100_000, output: 10_000),
                    timestampMillis: 1_759_322_000_000 + Int64(index), dedupKey: UInt64(index + 1)))
        }
        return ledger
    }

    private func render(
        _ ledger: UsageLedger, _ births: SeriesBirths, generation: UInt64, at now: Int64
    ) -> [ExpositionSample] {
        births.beginRender(generation: generation, atMillis: now)
        let bytes = MetricsRenderer.renderUsage(ledger.counters, births: births)
        births.endSeeding()
        return ExpositionSample.parse(String(decoding: bytes, as: UTF8.self))
    }

    private func value(_ samples: [ExpositionSample], _ name: String, _ model: String) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels["model"] == model }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }

    @Test func historyIsShownAtOnceAndALaterSeriesIsBornAtZeroInEveryUsageFamily() {
        let births = SeriesBirths()
        let first = render(ledger([Self.opus]), births, generation: 1, at: 0)
        #expect(value(first, "llm_usage_requests_total", "claude-opus-4-1") == 1)
        #expect(births.heldCount == 0)

        let later = render(ledger([Self.opus, Self.sonnet]), births, generation: 2, at: 1000)
        #expect(value(later, "llm_usage_requests_total", "claude-opus-4-1") == 1)
        for family in [
            "llm_usage_requests_total", "llm_usage_cost_usd_total", "llm_usage_tokens_total",
            "llm_usage_request_cost_usd_bucket", "llm_usage_request_cost_usd_sum", "llm_usage_request_cost_usd_count",
            "llm_usage_request_tokens_count",
        ] {
            #expect(value(later, family, "claude-sonnet-4-5") == 0, "\(family)")
        }
        // Gauges are never held: the dedup table counts both requests.
        #expect(later.first { $0.name == "llm_usage_dedup_requests" }?.value == 2)
        #expect(births.heldCount > 10)
    }

    @Test func theValueIsReleasedOnceEveryRecentScraperWasServedTheZero() {
        let births = SeriesBirths()
        _ = render(ledger([Self.opus]), births, generation: 1, at: 0)
        let both = ledger([Self.opus, Self.sonnet])
        _ = render(both, births, generation: 2, at: 1000)
        // Two scrapers (a pair of Prometheus servers); one has seen generation 2, one has not.
        var scrapers = [
            ScraperRecord(lastMillis: 1500, intervalMillis: 15_000, generation: 2),
            ScraperRecord(lastMillis: 900, intervalMillis: 15_000, generation: 1),
        ]
        #expect(!births.release(scrapers: scrapers, atMillis: 2000))
        #expect(
            value(render(both, births, generation: 3, at: 2000), "llm_usage_requests_total", "claude-sonnet-4-5") == 0)
        scrapers[1] = ScraperRecord(lastMillis: 2500, intervalMillis: 15_000, generation: 3)
        #expect(births.release(scrapers: scrapers, atMillis: 3000))
        let released = render(both, births, generation: 4, at: 3000)
        #expect(value(released, "llm_usage_requests_total", "claude-sonnet-4-5") == 1)
        #expect(value(released, "llm_usage_request_tokens_count", "claude-sonnet-4-5") == 1)
        #expect(births.heldCount == 0)
    }

    @Test func aScraperThatStopsHoldsTheValueTwoOfItsIntervalsAtMostAndNeverMoreThanAMinute() {
        let scraper = [ScraperRecord(lastMillis: 1000, intervalMillis: 5000, generation: 1)]
        #expect(SeriesBirths.holdMillis(scraper) == 10_000)
        #expect(
            SeriesBirths.holdMillis([ScraperRecord(lastMillis: 0, intervalMillis: 300_000, generation: 1)]) == 60_000)
        // A scraper seen once: its interval is not known yet, the hold is the longest.
        #expect(SeriesBirths.holdMillis([ScraperRecord(lastMillis: 0, generation: 1)]) == 60_000)

        let births = SeriesBirths()
        _ = render(ledger([Self.opus]), births, generation: 1, at: 0)
        _ = render(ledger([Self.opus, Self.sonnet]), births, generation: 2, at: 1000)
        #expect(births.nextDeadline(scrapers: scraper, atMillis: 1000) == 11_000)
        #expect(!births.release(scrapers: scraper, atMillis: 10_999))
        #expect(births.release(scrapers: scraper, atMillis: 11_000))
    }

    @Test func withNobodyScrapingInTheLastFiveMinutesTheValueIsReleasedAtTheNextPoll() {
        let births = SeriesBirths()
        _ = render(ledger([Self.opus]), births, generation: 1, at: 0)
        _ = render(ledger([Self.opus, Self.sonnet]), births, generation: 2, at: 400_000)
        #expect(births.release(scrapers: [], atMillis: 402_000))

        let again = SeriesBirths()
        _ = render(ledger([Self.opus]), again, generation: 1, at: 0)
        _ = render(ledger([Self.opus, Self.sonnet]), again, generation: 2, at: 400_000)
        // A scraper last seen six minutes ago is not waited for.
        #expect(again.release(scrapers: [ScraperRecord(lastMillis: 40_000, generation: 1)], atMillis: 402_000))
    }
}
