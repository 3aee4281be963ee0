import Dispatch
import Foundation
import Synchronization
import Testing
import UsageIngest
import UsageModel

@testable import UsageRuntime

/// SIGTERM ends the exporter within a bound even when reading is held by a call that does not
/// return: the loop is given 10 s (here less), then the process goes without the final save.
@Suite(.timeLimit(.minutes(1))) struct ShutdownTests {
    /// A source whose second poll hangs until released, as a read on a hung mount would.
    final class HangingSource: UsageSource, Sendable {
        let name = "hanging"
        let polls = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        var statuses: [SourceStatus] { [] }
        var rejectionExamples: [RejectReason: [String]] { [:] }
        var readProblems: [String] { [] }
        var skipFilesModifiedBefore: Int64? {
            get { nil }
            set {}
        }
        func poll(into ledger: inout UsageLedger) {
            if polls.add(1, ordering: .relaxed).newValue == 2 { release.wait() }
        }
        var watchedTrees: [String]? { nil }
        func poll(into ledger: inout UsageLedger, changed paths: Set<String>) { poll(into: &ledger) }
        func encodeState(into writer: inout StateWriter) {}
        func restoreState(from reader: inout StateReader) throws(StateError) {}
    }

    @Test func stopIsBoundedWhenAReadHangs() {
        let source = HangingSource()
        let ingestor = Ingestor(ledger: UsageLedger(), intervalMillis: 10) { [source] }
        ingestor.start()
        while source.polls.load(ordering: .relaxed) < 2 { usleep(1000) }
        let started = Date()
        #expect(ingestor.stop(timeoutMillis: 300) == false)
        #expect(Date().timeIntervalSince(started) < 2)
        source.release.signal()
    }

    @Test func stopWaitsForAPassThatEnds() {
        let source = HangingSource()
        let ingestor = Ingestor(ledger: UsageLedger(), intervalMillis: 10) { [source] }
        ingestor.start()
        while source.polls.load(ordering: .relaxed) < 2 { usleep(1000) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { source.release.signal() }
        #expect(ingestor.stop(timeoutMillis: 5000))
    }
}
