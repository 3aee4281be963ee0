package import UsageModel

/// An immutable view of everything a scrape or the landing page shows.
package struct UsageSnapshot: Sendable {
    package var counters: UsageCounters
    /// True once the first catch-up over every source has finished.
    package var ready: Bool
    package var sources: [SourceStatus]
    /// Increases with every published snapshot of the counters.
    package var generation: UInt64
    /// The usage families already rendered (the scrape adds readiness and `process_*`).
    package var rendered: RenderedPart
    /// The time-derived gauges at the last poll, and their exposition.
    package var views: UsageViews
    package var renderedViews: RenderedPart

    package init(
        counters: UsageCounters = UsageCounters(), ready: Bool = false, sources: [SourceStatus] = [],
        generation: UInt64 = 0, rendered: RenderedPart = RenderedPart(), views: UsageViews = UsageViews(),
        renderedViews: RenderedPart = RenderedPart()
    ) {
        self.counters = counters
        self.ready = ready
        self.sources = sources
        self.generation = generation
        self.rendered = rendered
        self.views = views
        self.renderedViews = renderedViews
    }
}
