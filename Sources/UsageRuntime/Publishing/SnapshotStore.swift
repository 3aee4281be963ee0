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

    /// The generation the next ``publish(counters:ready:sources:rendered:)`` gives its snapshot.
    package var nextGeneration: UInt64 {
        current.withLock { $0.generation + 1 }
    }

    /// Swaps in a new snapshot; `rendered` is its usage exposition, made by the publisher.
    package func publish(counters: UsageCounters, ready: Bool, sources: [SourceStatus], rendered: RenderedPart) {
        current.withLock { snapshot in
            snapshot = UsageSnapshot(
                counters: counters, ready: ready, sources: sources, generation: snapshot.generation + 1,
                rendered: rendered, views: snapshot.views, renderedViews: snapshot.renderedViews)
        }
    }

    /// Swaps in the time-derived gauges of a poll, keeping the counters.
    package func publish(views: UsageViews, rendered: RenderedPart) {
        current.withLock { snapshot in
            snapshot.views = views
            snapshot.renderedViews = rendered
        }
    }
}
