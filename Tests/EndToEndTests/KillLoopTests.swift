import Foundation
import TestSupport
import Testing
import UsageRuntime

/// Crash safety: SIGKILL at random moments of ingestion, restart, and the final counters still
/// equal an independent count: nothing lost, nothing counted twice.
@Suite(.serialized, .timeLimit(.minutes(3))) struct KillLoopTests {

    @Test func killedAtRandomPointsTheCountsStillMatchAnIndependentCount() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let python = try #require(ProcessRunner.which("python3"), "python3 is needed to generate the corpus")
        let tree = TempTree()
        let generated = try ProcessRunner.run(
            python,
            ["\(TestPaths.packageRoot)/benchmarks/generate-corpus.py", tree.root, "--megabytes", "48", "--seed", "9"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: tree.path("projects"))
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        var random = SeededRandom(seed: 0x5EED_0003)
        let arguments = [
            "--web.listen-address=127.0.0.1:0", "--source.claude-code", tree.root, "--source.poll-interval=20ms",
            "--state.save-interval=100ms", "--state.dir=\(tree.path("state"))",
        ]
        for round in 0..<8 {
            let process = try ProcessRunner.start(binary, arguments, log: tree.path("run-\(round).log"))
            usleep(UInt32.random(in: 5_000...250_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            // New usage arrives while the exporter is down (some of it copies of earlier lines),
            // so every restart has reading to do when the next kill comes.
            for _ in 0..<3 {
                let file = "projects/" + files[Int.random(in: 0..<files.count, using: &random)]
                let lines = (0..<100).map { assistantLine(id: "killed-\(round)-\($0)", output: round + 1) }.joined()
                tree.append(file, lines + assistantLine(id: "m-copy", output: 3))
            }
        }
        let counted = try ProcessRunner.run(
            python, ["\(TestPaths.packageRoot)/scripts/independent-count.py", tree.root])
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: [String: Any]])

        let final = try ProcessRunner.start(binary, arguments, log: tree.path("final.log"))
        defer {
            final.terminate()
            final.waitUntilExit()
        }
        var port: UInt16?
        for _ in 0..<200 where port == nil {
            usleep(25_000)
            let log = (try? String(contentsOfFile: tree.path("final.log"), encoding: .utf8)) ?? ""
            if let range = log.range(of: "address=127.0.0.1:") {
                port = UInt16(log[range.upperBound...].prefix(while: \.isNumber))
            }
        }
        let bound = try #require(port, "the final exporter's port")
        for _ in 0..<400 where httpGet(port: bound, "/-/ready")?.status != 200 { usleep(25_000) }
        let samples = ExpositionSample.parse(httpGet(port: bound, "/metrics")?.body ?? "")
        for (model, want) in expected {
            for kind in ["input", "output", "cache_creation", "cache_read"] {
                let got = samples.filter {
                    $0.name == "llm_usage_tokens_total" && $0.labels["model"] == model
                        && $0.labels["token_type"] == kind
                }.reduce(0) { $0 + $1.value }
                #expect(got == (want[kind] as? NSNumber)?.doubleValue, "\(model) \(kind)")
            }
            let requests = samples.filter { $0.name == "llm_usage_requests_total" && $0.labels["model"] == model }
                .reduce(0) { $0 + $1.value }
            #expect(requests == (want["requests"] as? NSNumber)?.doubleValue, "\(model) requests")
        }
    }
}
