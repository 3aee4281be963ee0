import Synchronization
package import UsageExposition
package import UsageModel

/// Where the ingest loop publishes snapshots and scrapes read them.
///
/// The lock is held only to swap or copy a value (a few reference counts), never while
/// parsing or rendering, so a scrape never waits on ingestion.
package final class SnapshotStore: Sendable {
    private let current: Mutex<UsageSnapshot>

    package init(_ initial: UsageSnapshot = UsageSnapshot()) {
        current = Mutex(initial)
    }

    package var snapshot: UsageSnapshot {
        current.withLock { $0 }
    }

    /// Swaps in a new snapshot; `rendered` is its usage exposition, made by the publisher, and
    /// `deflated` the same bytes compressed.
    package func publish(
        counters: UsageCounters, ready: Bool, sources: [SourceStatus], rendered: [UInt8], deflated: DeflatedBytes? = nil
    ) {
        current.withLock { snapshot in
            snapshot = UsageSnapshot(
                counters: counters, ready: ready, sources: sources, generation: snapshot.generation + 1,
                rendered: rendered, deflated: deflated, views: snapshot.views, renderedViews: snapshot.renderedViews,
                deflatedViews: snapshot.deflatedViews)
        }
    }

    /// Swaps in the time-derived gauges of a poll, keeping the counters.
    package func publish(views: UsageViews, rendered: [UInt8], deflated: DeflatedBytes? = nil) {
        current.withLock { snapshot in
            snapshot.views = views
            snapshot.renderedViews = rendered
            snapshot.deflatedViews = deflated
        }
    }
}
