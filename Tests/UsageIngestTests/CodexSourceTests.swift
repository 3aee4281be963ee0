import Foundation
import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

@Suite struct CodexSourceTests {
    private let cwd = "/home/u/src/app"
    private let parent = "sessions/2025/09/14/rollout-a.jsonl"

    private func makeSource(_ root: String) -> any UsageSource {
        CodexDecoder.makeSource(
            paths: [root],
            settings: SourceSettings(maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true)))
    }

    private func tokens(_ ledger: UsageLedger) -> TokenCounts {
        ledger.counters.tokensByModel(source: "codex")["gpt-5-codex"] ?? .zero
    }

    private func requests(_ ledger: UsageLedger) -> UInt64 {
        ledger.counters.series().filter { $0.key.source == "codex" }.reduce(0) { $0 + $1.totals.requests }
    }

    /// Two turns: one with per-turn usage, one with cumulative totals only; a rate-limit update,
    /// a response item and a repeated token count in between.
    private var parentLines: String {
        SourceFixtures.codexMeta(cwd: cwd) + SourceFixtures.codexTurn(model: "gpt-5-codex", cwd: cwd)
            + SourceFixtures.codexResponse()
            + SourceFixtures.codexCount(last: [1000, 200, 300, 100, 1300], total: [1000, 200, 300, 100, 1300])
            + SourceFixtures.codexRateLimits()
            + SourceFixtures.codexCount(
                last: nil, total: [3000, 1200, 700, 200, 3700], timestamp: "2025-09-14T10:01:00Z")
            // Codex writes the same count again when rate limits change.
            + SourceFixtures.codexCount(
                last: [2000, 1000, 400, 100, 2400], total: [3000, 1200, 700, 200, 3700],
                timestamp: "2025-09-14T10:01:01Z")
    }

    /// The parent's two turns: input excludes the cached part; reasoning stays inside output.
    private static let parentTokens = TokenCounts(
        input: 1800, output: 700, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1200)

    /// A ledger that has read `lines` as the parent's file.
    private func polled(_ lines: String) -> UsageLedger {
        let tree = TempTree()
        tree.write(parent, lines)
        var ledger = UsageLedger()
        makeSource(tree.root).poll(into: &ledger)
        return ledger
    }

    @Test func countsTurnsWithCachedInputAsCacheReads() {
        let ledger = polled(parentLines)
        #expect(tokens(ledger) == Self.parentTokens)
        #expect(requests(ledger) == 2)
        let series = ledger.counters.series().first { $0.key.source == "codex" }!
        #expect(series.key.provider == "openai")
        #expect(series.key.project == "app")
        // gpt-5-codex: $1.25 input, $0.125 cached input, $10 output per million.
        let cost: Double = (1800 * 1.25 + 1200 * 0.125 + 700 * 10) / 1_000_000
        #expect(abs(series.totals.costUSD - cost) < 1e-12)
        let health = ledger.counters.health["codex"]!
        #expect(health.linesRead == 7)
        #expect(health.rejectedTotal == 0)
        #expect(health.duplicateLines == 1)
    }

    /// The prefilter's words spelled with an escape (`token\u005fcount`) are read, not dismissed.
    @Test func wordsWithEscapesAreRead() {
        let escaped = parentLines.replacingOccurrences(of: "token_count", with: #"token\u005fcount"#)
            .replacingOccurrences(of: "turn_context", with: #"turn_cont\u0065xt"#)
        #expect(escaped != parentLines)
        let ledger = polled(escaped)
        #expect(tokens(ledger) == Self.parentTokens)
        #expect(requests(ledger) == 2)
    }

    @Test func aForkReplayingItsParentCountsTheParentOnce() {
        let tree = TempTree()
        tree.write(parent, parentLines)
        // The fork replays the parent's lines under new timestamps, then goes on with one turn.
        let replay = parentLines.split(separator: "\n").map { line in
            line.replacingOccurrences(of: "2025-09-14T10:0", with: "2025-09-15T08:0")
        }
        tree.write(
            "sessions/2025/09/15/rollout-b.jsonl",
            replay.joined(separator: "\n") + "\n"
                + SourceFixtures.codexCount(
                    last: [500, 0, 50, 0, 550], total: [3500, 1200, 750, 200, 4250], timestamp: "2025-09-15T09:00:00Z"))
        var ledger = UsageLedger()
        let source = makeSource(tree.root)
        source.poll(into: &ledger)
        #expect(requests(ledger) == 3)
        #expect(
            tokens(ledger) == TokenCounts(input: 2300, output: 750, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1200))

        // Archiving moves the file: still counted once.
        tree.write("archived_sessions/keep", "")
        tree.rename(parent, "archived_sessions/rollout-a.jsonl")
        source.poll(into: &ledger)
        #expect(requests(ledger) == 3)
        #expect(ledger.counters.health["codex"]!.filesWatched == 2)
    }

    @Test func appendedTurnsAreReadIncrementallyWithTheirFileContext() {
        let tree = TempTree()
        tree.write(parent, parentLines)
        var ledger = UsageLedger()
        let source = makeSource(tree.root)
        source.poll(into: &ledger)
        // Only cumulative totals: the difference from the file's previous total, remembered across polls.
        tree.append(parent, SourceFixtures.codexCount(last: nil, total: [3100, 1250, 720, 200, 3820]))
        source.poll(into: &ledger)
        #expect(requests(ledger) == 3)
        #expect(
            tokens(ledger) == TokenCounts(input: 1850, output: 720, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1250))

        // The model changes with the next turn context.
        tree.append(
            parent,
            SourceFixtures.codexTurn(model: "gpt-5", cwd: cwd)
                + SourceFixtures.codexCount(last: [10, 0, 5, 0, 15], total: [3110, 1250, 725, 200, 3835]))
        source.poll(into: &ledger)
        #expect(ledger.counters.tokensByModel(source: "codex")["gpt-5"]?.output == 5)
    }

    /// A compaction writes a count whose per-turn usage is all zero but `total_tokens`: no request.
    @Test func aCompactionIsNoRequest() {
        let tree = TempTree()
        tree.write(
            parent,
            parentLines
                + SourceFixtures.codexCount(
                    last: [0, 0, 0, 0, 940_499], total: [3000, 1200, 700, 200, 944_199],
                    timestamp: "2025-09-14T10:02:00Z")
                + SourceFixtures.codexCount(
                    last: [10, 0, 5, 0, 15], total: [3010, 1200, 705, 200, 944_214], timestamp: "2025-09-14T10:03:00Z"))
        var ledger = UsageLedger()
        makeSource(tree.root).poll(into: &ledger)
        #expect(requests(ledger) == 3)
        #expect(tokens(ledger).output == 705)
    }

    @Test func malformedLinesAreCountedByReason() {
        let tree = TempTree()
        tree.write(
            "sessions/bad.jsonl",
            // A usage before any turn context: counted under model "unknown".
            SourceFixtures.codexCount(last: [1, 0, 1, 0, 2], total: nil)
                + SourceFixtures.codexTurn(model: "gpt-5", cwd: cwd)
                + SourceFixtures.codexCount(last: [-5, 0, 1, 0, 2], total: nil)
                + SourceFixtures.codexCount(last: [5, 9, 1, 0, 6], total: nil)
                + SourceFixtures.codexCount(last: [1, 0, 1, 0, 2], total: nil, timestamp: "yesterday")
                + #"{"timestamp":"2025-09-14T10:00:00Z","type":"event_msg","payload":{"type":"token_count","info":{"#
                + "\n" + SourceFixtures.codexCount(last: [7, 0, 3, 0, 10], total: nil))
        var ledger = UsageLedger()
        makeSource(tree.root).poll(into: &ledger)
        let health = ledger.counters.health["codex"]!
        #expect(health[RejectReason.missingField] == 0)
        #expect(ledger.counters.tokensByModel(source: "codex")["unknown"]?.input == 1)
        #expect(ledger.counters.unpriced[UnpricedKey(source: "codex", model: "unknown")] == 1)
        #expect(health[RejectReason.badValue] == 2)
        #expect(health[RejectReason.badTimestamp] == 1)
        #expect(health[RejectReason.malformedJSON] == 1)
        // The good line after them is counted.
        #expect(ledger.counters.tokensByModel(source: "codex")["gpt-5"]?.input == 7)
    }

    @Test func stateCarriesTheFileContextAcrossARestart() throws {
        let tree = TempTree()
        tree.write(parent, parentLines)
        var ledger = UsageLedger()
        let first = makeSource(tree.root)
        first.poll(into: &ledger)
        var writer = StateWriter()
        first.encodeState(into: &writer)

        tree.append(parent, SourceFixtures.codexCount(last: nil, total: [3100, 1250, 720, 200, 3820]))
        let second = makeSource(tree.root)
        var reader = StateReader(writer.bytes)
        try second.restoreState(from: &reader)
        second.poll(into: &ledger)
        // Model and previous total came from the state: the new total's difference is one turn.
        #expect(requests(ledger) == 3)
        #expect(tokens(ledger).output == 720)
    }
}
