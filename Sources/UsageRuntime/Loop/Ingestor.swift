import Dispatch
import Synchronization
import UsageExposition
package import UsageIngest
package import UsageModel
import UsageSystem

/// The one writer: polls every source on its own thread, owns the ledger, and publishes a
/// snapshot after each pass. The first snapshot is published only after the first full
/// catch-up, so a scrape never sees a partial replay.
package final class Ingestor: Sendable {
    package typealias SourceFactory = @Sendable () -> [any UsageSource]

    package let store: SnapshotStore
    /// Who scraped what: new series are held at 0 until every recent scraper has seen the 0.
    package let scrapers: ScraperLog
    private let makeSources: SourceFactory
    private let initialLedger: UsageLedger
    private let intervalMillis: Int64
    private let watchMode: FileWatchMode
    private let rescanIntervalMillis: Int64
    private let localRescanIntervalMillis: Int64
    private let logger: Logger?
    private let persistence: StatePersistence?
    private let droppedLabels: Set<SeriesLabel>
    private let sourceFamilies: SourceFamilies
    private let viewSettings: ViewSettings
    private let prices: PriceReloader?
    /// Settings a SIGHUP brought, taken by the loop at its next pass.
    private let reloaded = Mutex<(ViewSettings, PriceSources)?>(nil)
    private let now: @Sendable () -> Int64
    private let stopping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(
        ledger: UsageLedger, intervalMillis: Int64, watchMode: FileWatchMode = .poll,
        rescanIntervalMillis: Int64 = 60_000, localRescanIntervalMillis: Int64 = 3_600_000, logger: Logger? = nil,
        store: SnapshotStore = SnapshotStore(),
        scrapers: ScraperLog = ScraperLog(),
        persistence: StatePersistence? = nil, droppedLabels: Set<SeriesLabel> = [],
        sourceFamilies: SourceFamilies = SourceFamilies(),
        viewSettings: ViewSettings = ViewSettings(calendar: .system()), prices: PriceReloader? = nil,
        now: @escaping @Sendable () -> Int64 = Clock.realtimeMillis, makeSources: @escaping SourceFactory
    ) {
        self.droppedLabels = droppedLabels
        self.sourceFamilies = sourceFamilies
        self.prices = prices
        self.viewSettings = viewSettings
        self.now = now
        self.initialLedger = ledger
        self.intervalMillis = intervalMillis
        self.watchMode = watchMode
        self.rescanIntervalMillis = rescanIntervalMillis
        self.localRescanIntervalMillis = localRescanIntervalMillis
        self.logger = logger
        self.persistence = persistence
        self.store = store
        self.scrapers = scrapers
        self.makeSources = makeSources
    }

    /// The least time between the starts of two passes with file events.
    static let eventPassGapNanos: Int64 = 25_000_000

    /// Reads every source once, synchronously, and returns the ledger (for `--once`).
    package static func catchUp(_ sources: [any UsageSource], ledger: inout UsageLedger) {
        for source in sources {
            ledger.register(source: source.name)
            source.poll(into: &ledger)
        }
    }

    package func start() {
        DispatchQueue(label: "llm-usage-exporter.ingest").async {
            var sources = self.makeSources()
            var ledger = self.initialLedger
            if let persistence = self.persistence {
                if let restored = persistence.restore(into: sources, like: ledger) {
                    ledger = restored
                } else {
                    // A state that failed half-way must not leave a source half restored.
                    sources = self.makeSources()
                }
            }
            var prices = self.prices
            var viewSettings = self.viewSettings
            var published: (counters: UsageCounters, sources: [SourceStatus])?
            var publishedViews = RenderedPart()
            var nextSave = DispatchTime.now() + .milliseconds(Int(self.persistence?.saveIntervalMillis ?? 0))
            // What the last save wrote, without this process's own health: while it stays the
            // same, a save only checks that the state file is still there.
            var savedUsage: UsageCounters?
            let births = SeriesBirths()
            self.scrapers.wakes { [wake = self.wake] in wake.signal() }
            var events = self.watchMode == .events ? FileEventPolling(logger: self.logger, wake: self.wake) : nil
            if events != nil { ledger.fileEvents = FileEventHealth() }
            var previousStart: DispatchTime?
            while !self.stopping.load(ordering: .acquiring) {
                // File events can come every millisecond while a session writes: passes start at
                // most every 25 ms, the events between them read together, so that a busy writer
                // does not keep a core rendering the exposition (scrapes would wait for it).
                if events != nil, let previous = previousStart {
                    let elapsed = Int64(DispatchTime.now().uptimeNanoseconds - previous.uptimeNanoseconds)
                    let gap = Ingestor.eventPassGapNanos - elapsed
                    Clock.sleep(nanoseconds: gap)
                }
                let started = DispatchTime.now()
                previousStart = started
                var reloading = false
                if let (settings, sources) = self.reloaded.withLock({ $0.take() }) {
                    viewSettings = settings
                    // Read the price files again whether or not they changed.
                    prices = prices.map { PriceReloader(sources: sources, loaded: [], logger: $0.logger) }
                    reloading = true
                }
                prices?.reloadIfChanged(&ledger)
                ledger.advanceClock(to: self.now())
                if events != nil {
                    events!.pass(
                        sources, ledger: &ledger, full: reloading, rescanMillis: self.rescanIntervalMillis,
                        localRescanMillis: self.localRescanIntervalMillis)
                } else {
                    Ingestor.catchUp(sources, ledger: &ledger)
                }
                let statuses = sources.flatMap(\.statuses)
                // The periods, block and sessions move with the clock: computed at every poll, and
                // published before the counters, so the first ready snapshot has both.
                let views = ledger.views(at: self.now(), settings: viewSettings)
                // Rendered in text at every poll; in OpenMetrics and deflated only when that changed
                // (while nothing happens, most polls).
                let viewsText = MetricsRenderer.renderViews(views, dropping: self.droppedLabels)
                if viewsText != publishedViews.text {
                    publishedViews = .rendering {
                        $0 == .text
                            ? viewsText : MetricsRenderer.renderViews(views, dropping: self.droppedLabels, format: $0)
                    }
                }
                self.store.publish(views: views, rendered: publishedViews)
                // Render (and compress) once per change, here, so a scrape only copies bytes; and
                // again when series held at 0 are released.
                let released = births.release(scrapers: self.scrapers.scrapers, atMillis: self.now())
                if published?.counters != ledger.counters || published?.sources != statuses || released {
                    births.beginRender(generation: self.store.nextGeneration, atMillis: self.now())
                    let rendered = RenderedPart.rendering {
                        MetricsRenderer.renderUsage(
                            ledger.counters, dropping: self.droppedLabels, sourceFamilies: self.sourceFamilies,
                            format: $0, births: births)
                    }
                    births.endSeeding()
                    self.store.publish(counters: ledger.counters, ready: true, sources: statuses, rendered: rendered)
                    published = (ledger.counters, statuses)
                }
                if let persistence = self.persistence, DispatchTime.now() >= nextSave {
                    var usage = ledger.counters
                    usage.stateSaves = nil
                    usage.fileEvents = nil
                    if usage == savedUsage, persistence.isOnDisk() {
                        // Nothing counted since: the state on disk is current, as a save would make it.
                        ledger.stateSaves?.note(nil, atSeconds: Double(self.now()) / 1000)
                    } else {
                        let failure = persistence.save(ledger, sources)
                        ledger.stateSaves?.note(failure, atSeconds: Double(self.now()) / 1000)
                        savedUsage = failure == nil ? usage : nil
                    }
                    nextSave = DispatchTime.now() + .milliseconds(Int(persistence.saveIntervalMillis))
                }
                // Polls start on a fixed cadence: a change is seen within one interval plus the poll's
                // work; sooner when a series held at 0 must be released.
                self.scrapers.noteHolding(births.heldCount > 0)
                var wait = self.intervalMillis
                if let rescan = events?.millisUntilRescan { wait = min(wait, rescan) }
                if let deadline = births.nextDeadline(scrapers: self.scrapers.scrapers, atMillis: self.now()) {
                    wait = max(0, min(wait, deadline - self.now()))
                }
                _ = self.wake.wait(timeout: started + .milliseconds(Int(wait)))
            }
            events?.stop()
            _ = self.persistence?.save(ledger, sources)
            self.finished.signal()
        }
    }

    /// New view settings and price sources (a SIGHUP), applied at the loop's next pass, which
    /// starts now.
    package func reload(viewSettings: ViewSettings, prices: PriceSources) {
        reloaded.withLock { $0 = (viewSettings, prices) }
        wake.signal()
    }

    /// Asks the loop to end after the current pass (the state is saved then) and waits for it,
    /// at most `timeoutMillis`. False when the loop is still in that pass, held by a read that
    /// does not return (a hung network file system): the caller ends without the final save,
    /// and the last periodic save stands.
    @discardableResult
    package func stop(timeoutMillis: Int = 10_000) -> Bool {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        wake.signal()
        return finished.wait(timeout: .now() + .milliseconds(timeoutMillis)) == .success
    }
}
