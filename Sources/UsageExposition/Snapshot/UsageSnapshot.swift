package import UsageModel

/// An immutable view of everything a scrape or the landing page shows.
package struct UsageSnapshot: Sendable {
    package var counters: UsageCounters
    /// True once the first catch-up over every source has finished.
    package var ready: Bool
    package var sources: [SourceStatus]
    /// Increases with every published snapshot.
    package var generation: UInt64
    /// The usage families already rendered as exposition bytes (the scrape adds `process_*`).
    package var rendered: [UInt8]
    /// The time-derived gauges at the last poll, and their exposition bytes.
    package var views: UsageViews
    package var renderedViews: [UInt8]
    /// `rendered` and `renderedViews` deflated, for scrapes that accept gzip; nil until made.
    package var deflated: DeflatedBytes?
    package var deflatedViews: DeflatedBytes?

    package init(
        counters: UsageCounters = UsageCounters(), ready: Bool = false, sources: [SourceStatus] = [],
        generation: UInt64 = 0, rendered: [UInt8] = [], deflated: DeflatedBytes? = nil,
        views: UsageViews = UsageViews(),
        renderedViews: [UInt8] = [], deflatedViews: DeflatedBytes? = nil
    ) {
        self.views = views
        self.renderedViews = renderedViews
        self.deflated = deflated
        self.deflatedViews = deflatedViews
        self.counters = counters
        self.ready = ready
        self.sources = sources
        self.generation = generation
        self.rendered = rendered
    }
}
