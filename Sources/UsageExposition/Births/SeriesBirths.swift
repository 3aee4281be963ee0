/// New series are born at zero (issue 16): `rate()` and `increase()` never count a series'
/// first sample, so a series that first appears at $3 loses those $3 on every dashboard.
///
/// A counter or histogram series seen at the first catch-up is shown with its value at once
/// (history from before the exporter ran is not spend in a dashboard's window). A series that
/// appears later is shown at 0 until that 0 has been served to every recent scraper
/// (``release(scrapers:atMillis:)``), or a bounded delay has passed, and with its value after.
/// Series are known by a hash of their name and labels as written, so this works for every
/// family alike. Owned by the one thread that renders.
package final class SeriesBirths {
    private struct Pending {
        /// The snapshot generation that first showed the series at 0.
        var generation: UInt64
        var bornMillis: Int64
    }

    /// Scrapers that have not scraped for this long are not waited for.
    package static let recentMillis: Int64 = 5 * 60_000
    /// The longest a new series is held at 0.
    package static let maximumHoldMillis: Int64 = 60_000

    private var released: Set<Int> = []
    private var pending: [Int: Pending] = [:]
    private var seeding = true
    private var generation: UInt64 = 0
    private var nowMillis: Int64 = 0

    package init() {}

    /// Series held at 0, waiting to be released.
    package var heldCount: Int { pending.count }

    /// Called before each render: the generation its snapshot will have and the time.
    package func beginRender(generation: UInt64, atMillis now: Int64) {
        self.generation = generation
        nowMillis = now
    }

    /// Ends the first catch-up: the series rendered so far are history, shown as they are.
    package func endSeeding() { seeding = false }

    /// Whether the series whose name and labels hash to `id` shows its value (else 0).
    package func shows(_ id: Int) -> Bool {
        if seeding {
            released.insert(id)
            return true
        }
        if released.contains(id) { return true }
        if pending[id] == nil { pending[id] = Pending(generation: generation, bornMillis: nowMillis) }
        return false
    }

    /// Releases the held series that every scraper seen in the last five minutes has been
    /// served at 0, and those held longer than two of the longest scrape interval (at most 60 s);
    /// true when any was (the exposition must then be rendered again).
    package func release(scrapers: [ScraperRecord], atMillis now: Int64) -> Bool {
        guard !pending.isEmpty else { return false }
        let recent = SeriesBirths.recent(scrapers, atMillis: now)
        let hold = SeriesBirths.holdMillis(recent)
        let before = pending.count
        pending = pending.filter { id, held in
            let seen = recent.allSatisfy { $0.generation >= held.generation }
            if seen || now - held.bornMillis >= hold {
                released.insert(id)
                return false
            }
            return true
        }
        return pending.count != before
    }

    /// When the oldest held series must be released even if not every scraper has seen it.
    package func nextDeadline(scrapers: [ScraperRecord], atMillis now: Int64) -> Int64? {
        guard let oldest = pending.values.map(\.bornMillis).min() else { return nil }
        return oldest + SeriesBirths.holdMillis(SeriesBirths.recent(scrapers, atMillis: now))
    }

    /// The scrapers seen in the last five minutes: the ones waited for.
    static func recent(_ scrapers: [ScraperRecord], atMillis now: Int64) -> [ScraperRecord] {
        scrapers.filter { now - $0.lastMillis <= recentMillis }
    }

    /// Two of the longest interval the recent scrapers keep, at most 60 s (60 s when none is known yet).
    static func holdMillis(_ recent: [ScraperRecord]) -> Int64 {
        guard let longest = recent.compactMap(\.intervalMillis).max() else { return maximumHoldMillis }
        return min(maximumHoldMillis, 2 * longest)
    }
}
