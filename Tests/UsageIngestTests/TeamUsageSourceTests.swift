import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

@Suite struct TeamUsageSourceTests {
    private let file = "ci/token-usage-202507.jsonl"

    private func makeSource(_ tree: TempTree, logger: Logger = Logger(capture: true)) -> any UsageSource {
        TeamUsageDecoder.makeSource(
            paths: [tree.path("ci/token-usage-*.jsonl")],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: logger))
    }

    private var records: String {
        SourceFixtures.teamUsage(session: "abc-123", input: 5000, output: 2000, total: 7000, cost: 0.05)
            + SourceFixtures.teamUsage(
                session: "def-456", user: "alice", phase: "test", input: 1000, output: 100,
                timestamp: "2025-07-18T12:00:00Z")
            + SourceFixtures.captureFailure(session: "f1", reason: "hook timed out after 300s")
            + SourceFixtures.captureFailure(session: "f2", reason: "claude: command not found")
            + SourceFixtures.captureFailure(session: "f3", reason: nil)
            + SourceFixtures.captureFailure(session: "f4", reason: "exited with status 1")
            + #"{"timestamp":"2025-07-18T10:00:00Z","type":"heartbeat"}"# + "\n"
    }

    private func series(_ ledger: UsageLedger, user: String) -> SeriesTotals? {
        ledger.counters.series().first { $0.key.source == "team_usage" && $0.key.user == user }?.totals
    }

    @Test func recordsCountWithUserAndPhaseAndTheirOwnCost() {
        let tree = TempTree()
        tree.write(file, records)
        var ledger = UsageLedger(costMode: .auto)
        makeSource(tree).poll(into: &ledger)

        let developer = ledger.counters.series().first { $0.key.user == "developer" }!
        #expect(developer.key.phase == "build")
        #expect(developer.key.provider == "anthropic")
        #expect(
            developer.totals.tokens
                == TokenCounts(input: 5000, output: 2000, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0))
        // Cost mode auto takes the record's cost_usd.total as it is...
        #expect(developer.totals.costUSD == 0.05)
        // ...and prices a record without one: 1000 x $3 + 100 x $15 per million.
        #expect(abs(series(ledger, user: "alice")!.costUSD - 0.0045) < 1e-15)

        let failures = ledger.counters.captureFailures
        #expect(failures[CaptureFailureKey(source: "team_usage", reason: .timeout)] == 1)
        #expect(failures[CaptureFailureKey(source: "team_usage", reason: .notFound)] == 1)
        #expect(failures[CaptureFailureKey(source: "team_usage", reason: .other)] == 1)
        #expect(failures[CaptureFailureKey(source: "team_usage", reason: .error)] == 1)
        #expect(ledger.counters.health["team_usage"]!.linesRead == 7)
        #expect(ledger.counters.health["team_usage"]!.rejectedTotal == 0)
    }

    @Test func calculateModeRepricesTheRecords() {
        let tree = TempTree()
        tree.write(file, records)
        var ledger = UsageLedger(costMode: .calculate)
        makeSource(tree).poll(into: &ledger)
        // 5000 x $3 + 2000 x $15 per million, not the record's 0.05.
        #expect(abs(series(ledger, user: "developer")!.costUSD - 0.045) < 1e-15)
    }

    @Test func appendsAreReadAndCopiesCountOnce() {
        let tree = TempTree()
        tree.write(file, records)
        var ledger = UsageLedger()
        let source = makeSource(tree)
        source.poll(into: &ledger)
        tree.append(file, SourceFixtures.teamUsage(session: "ghi-789", input: 10, output: 1))
        // The same records again in another file the glob matches (a copied log).
        tree.write("ci/token-usage-202507-copy.jsonl", records)
        source.poll(into: &ledger)
        #expect(series(ledger, user: "developer")!.requests == 2)
        #expect(series(ledger, user: "developer")!.tokens.input == 5010)
        #expect(ledger.counters.captureFailures.values.reduce(0, +) == 4)
        #expect(ledger.counters.health["team_usage"]!.filesWatched == 2)
    }

    @Test func malformedRecordsAreCountedByReason() {
        let tree = TempTree()
        tree.write(
            file,
            #"{"timestamp":"2025-07-18T10:00:00Z","session_id":"x","tokens":{"input":1,"output":1},"type":"usage_captured"}"#
                + "\n"
                + #"{"timestamp":"2025-07-18T10:00:00Z","session_id":"x","model":"m","tokens":{"input":"5","output":1},"type":"usage_captured"}"#
                + "\n"
                + #"{"timestamp":"2025-07-18T10:00:00Z","session_id":"x","model":"m","tokens":{"input":5,"output":1},"cost_usd":{"total":-1},"type":"usage_captured"}"#
                + "\n" + SourceFixtures.teamUsage(session: "y", input: 1, output: 1, timestamp: "18/07/2025")
                + #"{"session_id":"x","type":"usage_captured""# + "\n" + #"{"timestamp":"2025-07-18T10:00:00Z"}"# + "\n"
                + SourceFixtures.teamUsage(session: "ok", input: 3, output: 4))
        var ledger = UsageLedger()
        makeSource(tree).poll(into: &ledger)
        let health = ledger.counters.health["team_usage"]!
        #expect(health[RejectReason.missingField] == 2)
        #expect(health[RejectReason.badValue] == 2)
        #expect(health[RejectReason.badTimestamp] == 1)
        #expect(health[RejectReason.malformedJSON] == 1)
        #expect(series(ledger, user: "developer")!.tokens.output == 4)
    }

    @Test func failureReasonsAreNormalisedToASmallSet() {
        #expect(CaptureFailureReason(text: "Timeout") == .timeout)
        #expect(CaptureFailureReason(text: "deadline exceeded") == .timeout)
        #expect(CaptureFailureReason(text: "tool missing") == .notFound)
        #expect(CaptureFailureReason(text: "ENOENT") == .notFound)
        #expect(CaptureFailureReason(text: "API error 500") == .error)
        #expect(CaptureFailureReason(text: "cancelled by user") == .other)
        #expect(CaptureFailureReason(text: "") == .other)
        #expect(CaptureFailureReason(text: nil) == .other)
    }
}
