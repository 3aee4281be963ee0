import Synchronization
package import UsageExposition

/// The scrapers of the metrics path, by address and user agent: when each last scraped and
/// what it was served, so that a new series is held at 0 until they have all seen the 0
/// (``SeriesBirths``). Written by the server's threads, read by the ingest loop.
package final class ScraperLog: Sendable {
    /// At most this many scrapers are remembered (the oldest is forgotten), so that clients
    /// that make up names cannot grow it.
    package static let capacity = 64
    /// The user agent of `llm-usage-exporter statusline`: a person's view, not a time series,
    /// so new series are not held at 0 for it (it asks on every prompt, and reads gauges).
    package static let statusLineUserAgent = "llm-usage-exporter statusline"
    private let records = Mutex<[String: ScraperRecord]>([:])
    /// While series are held at 0, a scrape may release them: it wakes the ingest loop.
    private let holding = Atomic<Bool>(false)
    private let wake = Mutex<(@Sendable () -> Void)?>(nil)

    package init() {}

    /// Notes a scrape by `client` (the peer's address, without its port: a scraper that
    /// reconnects is the same one) with `userAgent`, served `generation`.
    package func note(client: String, userAgent: String?, generation: UInt64, atMillis now: Int64) {
        guard userAgent != ScraperLog.statusLineUserAgent else { return }
        let id = client + " " + (userAgent ?? "")
        records.withLock { records in
            if var record = records[id] {
                if now > record.lastMillis { record.intervalMillis = now - record.lastMillis }
                record.lastMillis = max(record.lastMillis, now)
                record.generation = max(record.generation, generation)
                records[id] = record
                return
            }
            if records.count >= ScraperLog.capacity,
                let oldest = records.min(by: { $0.value.lastMillis < $1.value.lastMillis })?.key
            {
                records[oldest] = nil
            }
            records[id] = ScraperRecord(lastMillis: now, generation: generation)
        }
        if holding.load(ordering: .acquiring) { wake.withLock { $0 }?() }
    }

    /// What the ingest loop is woken with when a scrape may release held series.
    package func wakes(_ body: @escaping @Sendable () -> Void) {
        wake.withLock { $0 = body }
    }

    /// Whether series are held at 0 (set by the ingest loop after each pass).
    package func noteHolding(_ held: Bool) {
        holding.store(held, ordering: .releasing)
    }

    package var scrapers: [ScraperRecord] {
        records.withLock { Array($0.values) }
    }

}
