import TestSupport
import Testing
import UsageModel

@testable import UsageIngest

/// The same deterministic mutations as ``FuzzTests``, on the four other decoders: every mutated
/// line is counted, ignored or rejected with a reason, never a crash, and a usage's counts stay
/// within what the ledger holds.
@Suite struct LogDecoderFuzzTests {
    private func fuzz<Decoder: LogLineDecoder>(
        _ decoder: Decoder, seeds: [String], iterations: Int = 15_000, state: UInt64
    ) -> [String: Int] {
        var decoder = decoder
        var random = FuzzTests.Random(seed: state)
        var context = Decoder.emptyContext
        var outcomes: [String: Int] = [:]
        for iteration in 0..<iterations {
            let line = FuzzTests.mutate(Array(seeds[iteration % seeds.count].utf8), &random)
            do throws(RejectReason) {
                let effect = try line.withUnsafeBufferPointer { buffer throws(RejectReason) in
                    try decoder.decode(buffer, context: &context)
                }
                switch effect {
                case nil: outcomes["ignored", default: 0] += 1
                case .usage(let usage):
                    let record = usage.record
                    outcomes["usage", default: 0] += 1
                    #expect(record.tokens.input <= UInt64(UInt32.max) && record.tokens.output <= UInt64(UInt32.max))
                case .cacheHit: outcomes["cache_hit", default: 0] += 1
                case .captureFailure: outcomes["capture_failure", default: 0] += 1
                case .audit: outcomes["audit", default: 0] += 1
                }
            } catch {
                outcomes[error.rawValue, default: 0] += 1
            }
        }
        #expect(outcomes.values.reduce(0, +) == iterations)
        for outcome in ["malformed_json", "missing_field", "bad_value"] {
            #expect(outcomes[outcome, default: 0] > 0, "no \(outcome) in \(outcomes)")
        }
        return outcomes
    }

    @Test func codex() {
        let cwd = "/home/u/app"
        let outcomes = fuzz(
            CodexDecoder(projectLabels: .name),
            seeds: [
                SourceFixtures.codexTurn(model: "gpt-5", cwd: cwd),
                SourceFixtures.codexCount(last: [10, 2, 5, 1, 15], total: [10, 2, 5, 1, 15]),
                SourceFixtures.codexCount(last: nil, total: [20, 2, 9, 1, 29]), SourceFixtures.codexRateLimits(),
            ].map { String($0.dropLast()) }, state: 7)
        #expect(outcomes["usage", default: 0] > 0)
        #expect(outcomes["ignored", default: 0] > 0)
    }

    @Test func teamUsage() {
        let outcomes = fuzz(
            TeamUsageDecoder(),
            seeds: [
                SourceFixtures.teamUsage(session: "a", input: 5000, output: 2000, total: 7000, cost: 0.045),
                SourceFixtures.captureFailure(session: "b", reason: "timeout"),
            ].map { String($0.dropLast()) }, state: 11)
        #expect(outcomes["usage", default: 0] > 0)
        #expect(outcomes["capture_failure", default: 0] > 0)
    }

    @Test func promptAudits() {
        let outcomes = fuzz(
            PromptAuditDecoder(),
            seeds: [
                SourceFixtures.promptAudit(session: "a", estimated: 6500, actual: 7000),
                SourceFixtures.promptAudit(session: "b", estimated: 10, actual: nil),
            ].map { String($0.dropLast()) }, state: 13)
        #expect(outcomes["audit", default: 0] > 0)
    }

    @Test func applicationEvents() {
        let outcomes = fuzz(
            AppEventDecoder(),
            seeds: [
                SourceFixtures.appEvent(input: 450, output: 180),
                SourceFixtures.appEvent(
                    provider: "openai", model: "text-embedding-3-large", input: 1000, cacheHit: true),
            ].map { String($0.dropLast()) }, state: 17)
        #expect(outcomes["usage", default: 0] > 0)
        #expect(outcomes["cache_hit", default: 0] > 0)
    }
}
