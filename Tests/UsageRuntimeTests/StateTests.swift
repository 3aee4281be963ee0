import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// Counted usage survives restarts, deleted and rewritten files, and bad state files.
@Suite(.serialized, .timeLimit(.minutes(1))) struct StateTests {
    private func start(_ tree: TempTree, logger: Logger = Logger(capture: true)) throws -> RunningExporter {
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options.pollIntervalMillis = 50
        options.saveIntervalMillis = 100
        options.stateDir = tree.path("state")
        let running = try Exporter(options: options, environment: [:], logger: logger).start()
        for _ in 0..<200 where httpGet(port: running.ports[0], "/-/ready")?.status != 200 { usleep(25_000) }
        return running
    }

    /// (output tokens, requests) as a scrape shows them.
    private func totals(_ running: RunningExporter) -> (output: Double, requests: Double) {
        let samples = ExpositionSample.parse(httpGet(port: running.ports[0], "/metrics")?.body ?? "")
        let output = samples.filter { $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output" }
        let requests = samples.filter { $0.name == "llm_usage_requests_total" }
        return (output.reduce(0) { $0 + $1.value }, requests.reduce(0) { $0 + $1.value })
    }

    @Test func countersContinueAcrossRestartsDeletionsAppendsAndCopies() throws {
        let tree = TempTree()
        tree.write("projects/-p/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10))
        tree.write("projects/-p/s2.jsonl", assistantLine(id: "m3", output: 1))
        let first = try start(tree)
        #expect(totals(first) == (111, 3))
        first.stop()
        #expect(FileManager.default.fileExists(atPath: tree.path("state/state.bin")))

        // Unchanged files: the same values after a restart, not zero, not double.
        let second = try start(tree)
        #expect(totals(second) == (111, 3))
        second.stop()

        // While down: Claude Code deletes a transcript, one grows, a resumed session copies m1.
        tree.remove("projects/-p/s2.jsonl")
        tree.append("projects/-p/s1.jsonl", assistantLine(id: "m4", output: 5))
        tree.write("projects/-p/s3.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m5", output: 7))
        let third = try start(tree)
        #expect(totals(third) == (123, 5))
        third.stop()
    }

    @Test func everySourceContinuesAcrossARestart() throws {
        let tree = TempTree()
        tree.write(
            "codex/sessions/a.jsonl",
            SourceFixtures.codexTurn(model: "gpt-5", cwd: "/w")
                + SourceFixtures.codexCount(last: nil, total: [1000, 0, 100, 0, 1100]))
        tree.write(
            "ci/token-usage-1.jsonl",
            SourceFixtures.teamUsage(session: "S", user: "alice", input: 5000, output: 2000, total: 7000))
        tree.write("ci/prompt-audit-1.jsonl", SourceFixtures.promptAudit(session: "W", estimated: 100, actual: nil))
        func start() throws -> RunningExporter {
            var options = ExporterOptions()
            options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
            options[source: "claude_code"].enabled = false
            options[source: "codex"].paths = [tree.path("codex")]
            options[source: "team_usage"].paths = [tree.path("ci/token-usage-*.jsonl")]
            options[source: "prompt_audit"].paths = [tree.path("ci/prompt-audit-*.jsonl")]
            options.pollIntervalMillis = 50
            options.stateDir = tree.path("state")
            let running = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
            for _ in 0..<200 where httpGet(port: running.ports[0], "/-/ready")?.status != 200 { usleep(25_000) }
            return running
        }
        func values(_ running: RunningExporter) -> [String: Double] {
            var result: [String: Double] = [:]
            for sample in ExpositionSample.parse(httpGet(port: running.ports[0], "/metrics")?.body ?? "") {
                if sample.name == "llm_usage_tokens_total", sample.labels["token_type"] == "output" {
                    result[sample.labels["source"]!, default: 0] += sample.value
                } else if sample.name.hasPrefix("llm_usage_estimation_") {
                    result[sample.name + (sample.labels["le"] ?? "")] = sample.value
                }
            }
            return result
        }
        let first = try start()
        var seen = values(first)
        #expect(seen["codex"] == 100)
        #expect(seen["team_usage"] == 2000)
        #expect(seen["llm_usage_estimation_unmatched"] == 1)
        first.stop()

        // While down: the records file is deleted; a Codex total, a record for the waiting audit
        // and an audit for the deleted record's session arrive.
        tree.remove("ci/token-usage-1.jsonl")
        tree.append("codex/sessions/a.jsonl", SourceFixtures.codexCount(last: nil, total: [1500, 0, 150, 0, 1650]))
        tree.write("ci/token-usage-2.jsonl", SourceFixtures.teamUsage(session: "W", input: 150, output: 50, total: 200))
        tree.append("ci/prompt-audit-1.jsonl", SourceFixtures.promptAudit(session: "S", estimated: 7700, actual: nil))
        let second = try start()
        seen = values(second)
        // Codex continues from the saved total (+50); the deleted records' usage stays.
        #expect(seen["codex"] == 150)
        #expect(seen["team_usage"] == 2050)
        // Both audits joined, one with the restored actual count: |100-200|/200 and |7700-7000|/7000.
        #expect(seen["llm_usage_estimation_error_ratio_count"] == 2)
        #expect(abs((seen["llm_usage_estimation_error_ratio_sum"] ?? 0) - 0.6) < 1e-12)
        #expect(seen["llm_usage_estimation_unmatched"] == 0)
        second.stop()
    }

    @Test func aFileRewrittenWhileDownIsNotCountedTwice() throws {
        let tree = TempTree()
        tree.write("projects/-p/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10))
        let first = try start(tree)
        #expect(totals(first) == (110, 2))
        first.stop()
        // Compaction writes a new file (new inode) over the old path, with one new request.
        tree.write(
            "projects/-p/new.tmp",
            assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10)
                + assistantLine(id: "m6", output: 3))
        tree.rename("projects/-p/new.tmp", "projects/-p/s1.jsonl")
        let second = try start(tree)
        #expect(totals(second) == (113, 3))
        second.stop()
    }

    static let unusableStates: [(String, [UInt8])] = {
        let garbage: [UInt8] = Array("not a state file at all".utf8)
        let older: [UInt8] = Array("LLMUSAGE".utf8) + [2, 0, 0, 0] + [UInt8](repeating: 0, count: 16)
        var corrupted: [UInt8] = StateStore.wrap([1, 2, 3])
        corrupted[corrupted.count - 1] ^= 0xFF
        return [("garbage", garbage), ("format 2", older), ("bad checksum", corrupted)]
    }()

    @Test(arguments: StateTests.unusableStates)
    func unusableStateIsMovedAsideAndTheFilesAreReadAgain(_ kind: String, _ bytes: [UInt8]) throws {
        let tree = TempTree()
        tree.write("projects/-p/s1.jsonl", assistantLine(id: "m1", output: 100))
        tree.write("state/state.bin", bytes)
        let logger = Logger(capture: true)
        let running = try start(tree, logger: logger)
        #expect(totals(running) == (100, 1), "\(kind)")
        running.stop()
        let kept = try FileManager.default.contentsOfDirectory(atPath: tree.path("state"))
        #expect(kept.contains { $0.hasPrefix("state.bin.unusable-") }, "\(kind): \(kept)")
        #expect(logger.captured.contains { $0.contains("moved aside") }, "\(kind)")
        // The next start continues from the good state written since.
        let again = try start(tree)
        #expect(totals(again) == (100, 1))
        again.stop()
    }

    @Test func twoExportersCannotShareAStateDirectory() throws {
        let tree = TempTree()
        tree.write("projects/-p/s1.jsonl", assistantLine(id: "m1", output: 1))
        let first = try start(tree)
        defer { first.stop() }
        #expect {
            _ = try start(tree)
        } throws: { error in
            (error as? UsageError)?.message.contains("another llm-usage-exporter uses this state directory") == true
        }
    }

    @Test func theStateFileFramesItsPayload() throws {
        let payload: [UInt8] = Array(0...255)
        #expect(try StateStore.unwrap(StateStore.wrap(payload)).payload == payload)
        #expect(try StateStore.unwrap(StateStore.wrap(payload)).version == StateError.currentFormat)
        #expect(try StateStore.unwrap(StateStore.wrap(payload, version: 3)).version == 3)
        #expect(throws: StateError.foreign) { try StateStore.unwrap(Array("LLMUSAGX".utf8) + [1, 0, 0, 0]) }
        // Format 2 (whose series had four labels) is rebuilt from the files; a later one is refused.
        #expect(throws: StateError.unsupportedVersion(2)) {
            try StateStore.unwrap(Array("LLMUSAGE".utf8) + [2, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: StateError.newerFormat(5)) {
            try StateStore.unwrap(Array("LLMUSAGE".utf8) + [5, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: StateError.checksumMismatch) {
            var bytes = StateStore.wrap(payload)
            bytes[20] ^= 1
            return try StateStore.unwrap(bytes)
        }
    }
}
