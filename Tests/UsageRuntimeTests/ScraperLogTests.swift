import Testing
import UsageRuntime

/// Who counts as a scraper for the birth rule (new series held at 0 until each has seen it).
@Suite struct ScraperLogTests {
    @Test func theStatusLineIsNoScraper() {
        let log = ScraperLog()
        log.note(client: "127.0.0.1", userAgent: ScraperLog.statusLineUserAgent, generation: 1, atMillis: 1000)
        #expect(log.scrapers.isEmpty)
        log.note(client: "127.0.0.1", userAgent: "Prometheus/2.42.0", generation: 1, atMillis: 1000)
        log.note(client: "127.0.0.1", userAgent: nil, generation: 1, atMillis: 1000)
        #expect(log.scrapers.count == 2)
    }
}
