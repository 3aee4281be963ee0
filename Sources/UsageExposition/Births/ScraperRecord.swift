/// What the exporter knows of one scraper (an address and user agent): when it last scraped,
/// the interval it keeps, and the newest snapshot generation it was served.
package struct ScraperRecord: Sendable, Equatable {
    package var lastMillis: Int64
    /// The time between its last two scrapes; nil after its first.
    package var intervalMillis: Int64?
    package var generation: UInt64

    package init(lastMillis: Int64, intervalMillis: Int64? = nil, generation: UInt64) {
        self.lastMillis = lastMillis
        self.intervalMillis = intervalMillis
        self.generation = generation
    }
}
