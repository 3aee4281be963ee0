import TestSupport
import Testing
import UsageSystem

@testable import UsageIngest
@testable import UsageModel

/// Prompt audits joined to team usage records by session, whichever is read first.
@Suite struct PromptAuditJoinTests {
    private let tree = TempTree()
    private let logger = Logger(capture: true)
    private let audits: any UsageSource
    private let records: any UsageSource

    init() {
        audits = PromptAuditDecoder.makeSource(
            paths: [tree.path("audit/prompt-audit-*.jsonl")],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: logger))
        records = TeamUsageDecoder.makeSource(
            paths: [tree.path("ci/token-usage-*.jsonl")],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: logger))
    }

    private func poll(_ ledger: inout UsageLedger) {
        audits.poll(into: &ledger)
        records.poll(into: &ledger)
    }

    @Test func auditsJoinRecordsInEitherOrderAndFillTheHistogramExactly() {
        var ledger = UsageLedger()
        // Audit before its record; an audit with its own actual count; one never matched.
        tree.write(
            "audit/prompt-audit-1.jsonl",
            SourceFixtures.promptAudit(session: "abc-123", estimated: 6500, actual: nil)
                + SourceFixtures.promptAudit(session: "own", estimated: 900, actual: 1000)
                + SourceFixtures.promptAudit(session: "lonely", estimated: 50, actual: nil))
        poll(&ledger)
        #expect(ledger.counters.estimation.count == 1)
        #expect(ledger.counters.estimation.unmatched == 2)

        // The record arrives: the waiting audit is observed. Then a record before its audit.
        tree.write(
            "ci/token-usage-202507.jsonl",
            SourceFixtures.teamUsage(session: "abc-123", input: 5000, output: 2000, total: 7000)
                + SourceFixtures.teamUsage(session: "before", input: 900, output: 100))
        poll(&ledger)
        #expect(ledger.counters.estimation.unmatched == 1)
        tree.append(
            "audit/prompt-audit-1.jsonl", SourceFixtures.promptAudit(session: "before", estimated: 1010, actual: nil))
        poll(&ledger)

        let stats = ledger.counters.estimation
        // Ratios: 500/7000 (le 0.1), 100/1000 = 0.1 (le 0.1), 10/1000 = 0.01 (le 0.01).
        #expect(stats.count == 3)
        #expect(stats.cumulativeCounts == [1, 1, 1, 3, 3, 3, 3, 3])
        #expect(abs(stats.sum - (500.0 / 7000 + 0.1 + 0.01)) < 1e-15)
        #expect(stats.estimatedTokens == 6500 + 900 + 1010)
        #expect(stats.actualTokens == 7000 + 1000 + 1000)
        #expect(stats.unmatched == 1)
        // Read again from a copy: nothing observed twice.
        tree.write(
            "audit/prompt-audit-2.jsonl", SourceFixtures.promptAudit(session: "own", estimated: 900, actual: 1000))
        poll(&ledger)
        #expect(ledger.counters.estimation.count == 3)
    }

    @Test func thePromptTextIsNeverLoggedOrKept() throws {
        var ledger = UsageLedger()
        let secret = "SECRET-PROMPT-7f3a"
        tree.write(
            "audit/prompt-audit-1.jsonl",
            SourceFixtures.promptAudit(session: "s", estimated: 10, actual: nil, prompt: secret)
                + SourceFixtures.promptAudit(session: "t", estimated: -1, actual: 5, prompt: secret)
                + SourceFixtures.promptAudit(session: "u", estimated: 1, actual: 0, prompt: secret)
                + #"{"prompt":"\#(secret)","metadata":{"prompt_metrics":{"estimated_tokens":5,"actual_tokens":null}},"timestamp":"2025-07-18T09:59:00Z"}"#
                + "\n")
        poll(&ledger)
        var sections = StateSections()
        ledger.encode(into: &sections)
        sections.add("source.prompt_audit") { audits.encodeState(into: &$0) }
        #expect(!String(decoding: sections.payload, as: UTF8.self).contains(secret))
        #expect(!logger.captured.joined().contains(secret))
        let health = ledger.counters.health["prompt_audit"]!
        // A negative estimate, a zero actual (no ratio), and no session to join without an actual.
        #expect(health[RejectReason.badValue] == 2)
        #expect(health[RejectReason.missingField] == 1)
        #expect(ledger.counters.estimation.unmatched == 1)
    }

    @Test func theWaitingBufferIsBoundedAndSurvivesARestart() throws {
        var ledger = UsageLedger()
        for index in 0..<(EstimationJoin.maxPending + 5) {
            _ = ledger.addAudit(session: "s\(index)", estimated: 10, actual: nil, key: UInt64(index))
        }
        #expect(ledger.counters.estimation.unmatched == EstimationJoin.maxPending)
        #expect(ledger.counters.estimation.unmatchedDropped == 5)
        // The oldest were dropped; a later one still joins, also after a save and restore.
        var sections = StateSections()
        ledger.encode(into: &sections)
        var restored = try UsageLedger.decode(
            from: StateSections(reading: sections.payload), prices: .bundled, costMode: .auto)
        #expect(restored.counters.estimation == ledger.counters.estimation)
        restored.recordActual(session: "s0", actual: 20)
        #expect(restored.counters.estimation.count == 0)
        restored.recordActual(session: "s\(EstimationJoin.maxPending + 4)", actual: 20)
        #expect(restored.counters.estimation.count == 1)
        #expect(restored.counters.estimation.sum == 0.5)
    }
}
