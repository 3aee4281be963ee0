import Dispatch
package import UsageIngest
package import UsageModel
package import UsageSystem

/// The ingest loop's passes with file events: a source whose trees are all watched reads
/// only the files events name; one that cannot be watched (globs, a folder that does not
/// exist yet, past the watch limit) is read whole at every pass, as when polling; and every
/// source is read whole every rescan interval, after lost events and after a deletion.
package struct FileEventPolling {
    private let watcher: (any FileEventSource)?
    private let logger: Logger?
    private var nextRescan = DispatchTime.now()
    /// Past the system's watch limit: every source is polled from then on.
    private var limitReached = false
    private var lastOverflowLog: DispatchTime?
    /// Whether each source was watched at the last pass: one that just became watched is read
    /// whole once more (its files may have changed before the watch).
    private var watchedBefore: [Bool] = []

    /// Events from the platform; without them (no inotify instance), every pass polls.
    init(logger: Logger?, wake: DispatchSemaphore) {
        do {
            self.init(watcher: try InotifyWatcher { wake.signal() }, logger: logger)
        } catch {
            logger?.warn("file events unavailable, polling instead (--source.watch=poll)", ["err": error.description])
            self.init(watcher: nil, logger: logger)
        }
    }

    package init(watcher: (any FileEventSource)?, logger: Logger?) {
        self.watcher = watcher
        self.logger = logger
    }

    package mutating func pass(_ sources: [any UsageSource], ledger: inout UsageLedger, full: Bool, rescanMillis: Int64)
    {
        guard let watcher, !limitReached else {
            Ingestor.catchUp(sources, ledger: &ledger)
            return
        }
        // Watched before reading: a line written meanwhile is an event for the next pass.
        let watched = sources.map { source in source.watchedTrees.map { watcher.watch(trees: $0).isEmpty } ?? false }
        let changes = watcher.take()
        if changes.overflowed {
            ledger.fileEvents?.overflows += 1
            if lastOverflowLog.map({ DispatchTime.now() >= $0 + .seconds(60) }) ?? true {
                logger?.warn("file events were lost (the kernel's queue overflowed): reading every file")
                lastOverflowLog = .now()
            }
        }
        let newlyWatched = zip(watched, watchedBefore.count == watched.count ? watchedBefore : watched).map {
            $0 && !$1
        }
        watchedBefore = watched
        if changes.watchLimitReached {
            ledger.fileEvents?.watchLimits += 1
            limitReached = true
            logger?.warn(
                "the system's limit of file watches is reached (fs.inotify.max_user_watches): polling every file at every --source.poll-interval instead"
            )
            watcher.stop()
            Ingestor.catchUp(sources, ledger: &ledger)
            return
        }
        let now = DispatchTime.now()
        if full || changes.overflowed || changes.removed || now >= nextRescan {
            Ingestor.catchUp(sources, ledger: &ledger)
            nextRescan = now + .milliseconds(Int(rescanMillis))
            return
        }
        for (index, source) in sources.enumerated() {
            if !watched[index] || newlyWatched[index] {
                ledger.register(source: source.name)
                source.poll(into: &ledger)
            } else if !changes.paths.isEmpty {
                source.poll(into: &ledger, changed: changes.paths)
            }
        }
    }

    /// Time to the next rescan, for the loop's wait; nil while every pass reads everything.
    package var millisUntilRescan: Int64? {
        guard watcher != nil, !limitReached else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        let next = nextRescan.uptimeNanoseconds
        return next > now ? Int64((next - now) / 1_000_000) : 0
    }

    package func stop() { watcher?.stop() }
}
