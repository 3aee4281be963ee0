import Synchronization
import Testing
import UsageIngest
import UsageModel
import UsageRuntime
import UsageSystem

/// Issue 17: what the loop does with what file events say. The kernel's queue overflow and
/// the watch limit cannot be brought about here without changing the whole machine's
/// settings, so these cases use a stand-in for inotify behind the same interface.
@Suite struct FileEventPollingTests {
    final class StandIn: FileEventSource, Sendable {
        let next = Mutex(FileChanges())
        let refused = Mutex<Set<String>>([])
        func watch(trees: [String]) -> [Bool] { refused.withLock { refused in trees.map { !refused.contains($0) } } }
        func take() -> FileChanges {
            next.withLock { changes in
                defer { changes = FileChanges() }
                return changes
            }
        }
        func stop() {}
    }

    /// Counts full polls and the paths of targeted ones.
    final class Counting: UsageSource, Sendable {
        let name = "counting"
        let trees: [String]?
        let full = Atomic<Int>(0)
        let targeted = Mutex<[Set<String>]>([])
        init(trees: [String]?) { self.trees = trees }
        var statuses: [SourceStatus] { [] }
        var rejectionExamples: [RejectReason: [String]] { [:] }
        var readProblems: [String] { [] }
        var skipFilesModifiedBefore: Int64? {
            get { nil }
            set {}
        }
        var watchedTrees: [String]? { trees }
        func poll(into ledger: inout UsageLedger) { full.add(1, ordering: .relaxed) }
        func poll(into ledger: inout UsageLedger, changed paths: Set<String>) {
            targeted.withLock { $0.append(paths) }
        }
        func encodeState(into writer: inout StateWriter) {}
        func restoreState(from reader: inout StateReader) throws(StateError) {}
    }

    @Test func changesAreReadAloneAndLostEventsReadEverything() {
        let events = StandIn()
        let watched = Counting(trees: ["/tmp"])
        let globbed = Counting(trees: nil)
        var polling = FileEventPolling(watcher: events, logger: Logger(capture: true))
        var ledger = UsageLedger()
        ledger.fileEvents = FileEventHealth()
        // The first pass reads everything.
        polling.pass([watched, globbed], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 1 && globbed.full.load(ordering: .relaxed) == 1)
        // Nothing happened: the watched source is not read, the one events cannot watch is.
        polling.pass([watched, globbed], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 1 && globbed.full.load(ordering: .relaxed) == 2)
        #expect(watched.targeted.withLock { $0.isEmpty })
        #expect((polling.millisUntilRescan ?? 0) > 59_000)
        // A change: only its file.
        events.next.withLock { $0.paths = ["/tmp/a.jsonl"] }
        polling.pass([watched, globbed], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.targeted.withLock { $0 } == [["/tmp/a.jsonl"]])
        #expect(watched.full.load(ordering: .relaxed) == 1)
        // Lost events: everything, and counted.
        events.next.withLock { $0.overflowed = true }
        polling.pass([watched, globbed], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 2)
        #expect(ledger.fileEvents?.overflows == 1)
        // A tree there that cannot be watched is polled; once watched, read whole once more.
        events.refused.withLock { $0 = ["/tmp"] }
        polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 3)
        events.refused.withLock { $0 = [] }
        polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 4)
        polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(watched.full.load(ordering: .relaxed) == 4)
        // A tree not there yet is no reason to poll.
        let later = Counting(trees: ["/tmp", "/no/such/tree"])
        events.refused.withLock { $0 = ["/no/such/tree"] }
        polling.pass([later], ledger: &ledger, full: false, rescanMillis: 60_000)
        polling.pass([later], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(later.full.load(ordering: .relaxed) == 0)
    }

    @Test func theWatchLimitFallsBackToPollingForGood() {
        let events = StandIn()
        let watched = Counting(trees: ["/tmp"])
        var polling = FileEventPolling(watcher: events, logger: Logger(capture: true))
        var ledger = UsageLedger()
        ledger.fileEvents = FileEventHealth()
        polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000)
        events.next.withLock { $0.watchLimitReached = true }
        polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000)
        #expect(ledger.fileEvents?.watchLimits == 1)
        #expect(polling.millisUntilRescan == nil)
        for _ in 0..<3 { polling.pass([watched], ledger: &ledger, full: false, rescanMillis: 60_000) }
        #expect(watched.full.load(ordering: .relaxed) == 5)
        #expect(ledger.fileEvents?.watchLimits == 1)
    }
}
