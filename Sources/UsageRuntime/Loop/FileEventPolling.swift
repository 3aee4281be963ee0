import Dispatch
package import UsageIngest
package import UsageModel
package import UsageSystem

/// The ingest loop's passes with file events: a source whose trees are all watched (or not
/// there yet) reads only the files events name; one that cannot be watched (globs, a tree
/// inotify refused) is read whole at every pass, as when polling, and so is one whose tree
/// just appeared, once; every source is read whole after lost events, after a deletion, and
/// every rescan interval: `--source.rescan-interval` when a watched tree is on a file system
/// whose events may miss changes (network, FUSE, overlay), else the local interval (an hour).
package struct FileEventPolling {
    private let watcher: (any FileEventSource)?
    private let logger: Logger?
    private var nextRescan = DispatchTime.now()
    /// Past the system's watch limit: every source is polled from then on.
    private var limitReached = false
    private var lastOverflowLog: DispatchTime?
    /// How many trees of each source were watched at the last pass: one whose tree just
    /// became watched is read whole once more (its files may have changed before the watch).
    private var watchedBefore: [Int] = []
    /// Watched trees on file systems whose events may miss changes: they set the rescan interval.
    private var incompleteTrees: [String: Bool] = [:]

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

    /// - Parameters:
    ///   - rescanMillis: the interval of full passes when a watched tree's events may miss changes.
    ///   - localRescanMillis: the interval when every watched tree is on a local file system.
    package mutating func pass(
        _ sources: [any UsageSource], ledger: inout UsageLedger, full: Bool, rescanMillis: Int64,
        localRescanMillis: Int64 = 3_600_000
    ) {
        guard let watcher, !limitReached else {
            Ingestor.catchUp(sources, ledger: &ledger)
            return
        }
        // Watched before reading: a line written meanwhile is an event for the next pass.
        var watched: [Bool] = []
        var counts: [Int] = []
        for source in sources {
            guard let trees = source.watchedTrees else {
                watched.append(false)
                counts.append(0)
                continue
            }
            let flags = watcher.watch(trees: trees)
            for (tree, isWatched) in zip(trees, flags) where isWatched && incompleteTrees[tree] == nil {
                incompleteTrees[tree] = !FileSystem.hasCompleteEvents(tree)
            }
            // A tree not there yet has nothing to read; it is watched when it appears.
            let refused = zip(trees, flags).contains { tree, isWatched in
                !isWatched && (try? FileSystem.status(tree)) != nil
            }
            watched.append(!refused)
            counts.append(flags.filter { $0 }.count)
        }
        let changes = watcher.take()
        if changes.overflowed {
            ledger.fileEvents?.overflows += 1
            if lastOverflowLog.map({ DispatchTime.now() >= $0 + .seconds(60) }) ?? true {
                logger?.warn("file events were lost (the kernel's queue overflowed): reading every file")
                lastOverflowLog = .now()
            }
        }
        let before = watchedBefore.count == counts.count ? watchedBefore : counts
        let newlyWatched = zip(counts, before).map { $0 > $1 }
        watchedBefore = counts
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
            let incomplete = incompleteTrees.values.contains(true)
            nextRescan = now + .milliseconds(Int(incomplete ? rescanMillis : max(rescanMillis, localRescanMillis)))
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
