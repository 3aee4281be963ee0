import Foundation
import Synchronization
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// The exporter as a user runs it: real files, real HTTP, promtool, and a real Prometheus.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EndToEndTests {

    static func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    /// A generated Claude Code tree and the independent count of it.
    struct Fixture {
        let tree = TempTree()
        let expected: [String: [String: Any]]

        init(megabytes: Double, seed: Int) throws {
            let python = try #require(ProcessRunner.which("python3"), "python3 is needed to generate the corpus")
            let generated = try ProcessRunner.run(
                python,
                [
                    "\(TestPaths.packageRoot)/benchmarks/generate-corpus.py", tree.root, "--megabytes",
                    "\(megabytes)", "--seed",
                    "\(seed)",
                ])
            try #require(generated.status == 0, "\(generated.stderr)")
            let counted = try ProcessRunner.run(
                python, ["\(TestPaths.packageRoot)/scripts/independent-count.py", tree.root])
            try #require(counted.status == 0, "\(counted.stderr)")
            expected = try #require(
                try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: [String: Any]])
        }
    }

    private func startExporter(_ roots: [String], poll: Int64 = 100) throws -> RunningExporter {
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = roots
        options.pollIntervalMillis = poll
        options.user = "dev"
        return try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
    }

    private func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        try EndToEndTests.waitUntil(seconds: seconds, condition)
    }

    /// Sums of the exposition per model: token types, cost, requests.
    private func sums(_ samples: [ExpositionSample]) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for sample in samples {
            guard let model = sample.labels["model"] else { continue }
            switch sample.name {
            case "llm_usage_tokens_total":
                result[model, default: [:]][sample.labels["token_type"]!, default: 0] += sample.value
            case "llm_usage_cost_usd_total": result[model, default: [:]]["cost_usd", default: 0] += sample.value
            case "llm_usage_requests_total": result[model, default: [:]]["requests", default: 0] += sample.value
            default: break
            }
        }
        return result
    }

    private func expectMatches(_ actual: [String: [String: Double]], _ expected: [String: [String: Any]]) {
        #expect(Set(actual.keys) == Set(expected.keys))
        for (model, want) in expected {
            for kind in ["input", "output", "cache_creation", "cache_read", "requests"] {
                #expect(actual[model]?[kind] == (want[kind] as? NSNumber)?.doubleValue, "\(model) \(kind)")
            }
            let cost = (want["cost_usd"] as? NSNumber)?.doubleValue ?? -1
            if (want["priced"] as? Bool) == true {
                let got = actual[model]?["cost_usd"] ?? -1
                #expect(abs(got - cost) <= 1e-9 * max(1, cost), "\(model) cost \(got) vs \(cost)")
            } else {
                #expect(actual[model]?["cost_usd"] == nil, "\(model) has no price: no cost series")
            }
        }
    }

    @Test func scrapeEqualsTheIndependentCountAndPassesPromtool() throws {
        let fixture = try Fixture(megabytes: 3, seed: 11)
        let exporter = try startExporter([fixture.tree.root])
        defer { exporter.stop() }
        let port = exporter.ports[0]
        #expect(waitUntil(seconds: 30) { httpGet(port: port, "/-/ready")?.status == 200 })

        let scrape = try #require(httpGet(port: port, "/metrics"))
        #expect(scrape.status == 200)
        #expect(scrape.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        expectMatches(sums(ExpositionSample.parse(scrape.body)), fixture.expected)
        #expect(scrape.body.contains("\nprocess_resident_memory_bytes "))

        let promtool = try #require(ProcessRunner.which("promtool"), "promtool is needed (apt-get install prometheus)")
        let check = try ProcessRunner.run(promtool, ["check", "metrics"], input: Array(scrape.body.utf8))
        #expect(check.status == 0, "\(check.stderr)")

        // --once prints the same usage families (it leaves out process_*, and file events: it
        // watches nothing).
        var options = ExporterOptions()
        options[source: "claude_code"].paths = [fixture.tree.root]
        options.user = "dev"
        let once = String(
            decoding: try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce(),
            as: UTF8.self)
        let usagePart = scrape.body.components(separatedBy: "# HELP process_")[0].split(
            separator: "\n", omittingEmptySubsequences: false
        ).filter { !$0.contains("llm_usage_file_events_lost_total") }.joined(separator: "\n")
        #expect(once == usagePart)
        #expect(scrape.body.contains("\nllm_usage_file_events_lost_total{reason=\"overflow\"} 0\n"))

        #expect(httpGet(port: port, "/-/healthy")?.status == 200)
        let landing = try #require(httpGet(port: port, "/"))
        #expect(landing.body.contains(fixture.tree.root))
        #expect(landing.body.contains("href=\"/metrics\""))
        #expect(httpGet(port: port, "/nope")?.status == 404)
    }

    /// A scrape that accepts gzip (as Prometheus's does) gets one gzip member holding what a
    /// plain scrape gets; `q=0` or no header gets the plain exposition.
    @Test func gzipScrapesHoldThePlainExposition() throws {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 10) + assistantLine(id: "m2", output: 5))
        let exporter = try startExporter([tree.root])
        defer { exporter.stop() }
        let port = exporter.ports[0]
        #expect(waitUntil(seconds: 10) { httpGet(port: port, "/-/ready")?.status == 200 })
        func scrape(_ acceptEncoding: String?) throws -> (headers: [String: String], body: [UInt8]) {
            let client = try #require(TestClient(port: port))
            let header = acceptEncoding.map { "Accept-Encoding: \($0)\r\n" } ?? ""
            client.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\(header)Connection: close\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            return (response.headers, response.body)
        }
        // The process_* families change between scrapes; everything else must be identical.
        func usage(_ body: [UInt8]) -> [Substring] {
            String(decoding: body, as: UTF8.self).split(separator: "\n").filter { !$0.contains("process_") }
        }
        let plain = try scrape(nil)
        #expect(plain.headers["content-encoding"] == nil)
        #expect(plain.headers["vary"] == "Accept, Accept-Encoding")
        #expect(
            usage(plain.body).contains(
                #"llm_usage_requests_total{source="claude_code",provider="anthropic",model="claude-sonnet-4-5-20250929",project="p",user="dev"} 2"#
            ))
        for accepted in ["gzip", "deflate, gzip;q=1.0, *;q=0.5", "GZIP", "br;q=1, gzip ; q=0.2"] {
            let compressed = try scrape(accepted)
            #expect(compressed.headers["content-encoding"] == "gzip", "\(accepted)")
            #expect(compressed.body.count < plain.body.count / 3)
            let inflated = try #require(gunzipSingleMember(compressed.body), "\(accepted)")
            #expect(usage(inflated) == usage(plain.body), "\(accepted)")
        }
        for refused in ["gzip;q=0", "identity", "br, deflate", "gzip;q=0, *", "*;q=0"] {
            let answer = try scrape(refused)
            #expect(answer.headers["content-encoding"] == nil, "\(refused)")
            #expect(usage(answer.body) == usage(plain.body), "\(refused)")
        }
    }

    @Test func labelValuesWithQuotesBackslashesAndNewlinesStayValid() throws {
        let promtool = try #require(ProcessRunner.which("promtool"), "promtool is needed (apt-get install prometheus)")
        let tree = TempTree()
        // JSON-escaped: the cwd is `/tmp/a "b"\c` + newline + `d`, the model `claude-"x"\y`.
        let cwd = #"/tmp/a \"b\"\\c\nd"#
        tree.write(
            "projects/-tmp-a--b--c-d/s.jsonl", assistantLine(id: "m1", model: #"claude-\"x\"\\y"#, output: 9, cwd: cwd))
        var options = ExporterOptions()
        options[source: "claude_code"].paths = [tree.root]
        options.projectLabel = .path
        options.user = #"d"e\v"#
        let body = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce()
        let text = String(decoding: body, as: UTF8.self)
        #expect(
            text.contains(
                #"model="claude-\"x\"\\y",project="/tmp/a \"b\"\\c\nd",user="d\"e\\v",token_type="output"} 9"#))
        let check = try ProcessRunner.run(promtool, ["check", "metrics"], input: body)
        #expect(check.status == 0, "\(check.stderr)")
        let parsed = ExpositionSample.parse(text).first { $0.name == "llm_usage_requests_total" }
        #expect(parsed?.labels["project"] == "/tmp/a \"b\"\\c\nd")
        #expect(parsed?.labels["model"] == #"claude-"x"\y"#)
    }

    @Test func newLinesAppearWithinAPollInterval() throws {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 10))
        let exporter = try startExporter([tree.root], poll: 100)
        defer { exporter.stop() }
        let port = exporter.ports[0]
        func output() -> Double {
            let body = httpGet(port: port, "/metrics")?.body ?? ""
            return ExpositionSample.parse(body).filter {
                $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output"
            }
            .reduce(0) { $0 + $1.value }
        }
        #expect(waitUntil(seconds: 10) { output() == 10 })
        tree.append("projects/-p/s.jsonl", assistantLine(id: "m2", output: 5))
        #expect(waitUntil(seconds: 5) { output() == 15 })
        tree.write("projects/-q/new.jsonl", assistantLine(id: "m3", output: 1))
        #expect(waitUntil(seconds: 5) { output() == 16 })
    }

    @Test func concurrentScrapesWhileIngestingSeeWholeMonotonicSnapshots() throws {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m0", output: 1))
        let exporter = try startExporter([tree.root], poll: 10)
        defer { exporter.stop() }
        let port = exporter.ports[0]
        #expect(waitUntil(seconds: 10) { httpGet(port: port, "/-/ready")?.status == 200 })
        let problems = Mutex<[String]>([])
        let writing = Atomic<Bool>(true)
        let group = DispatchGroup()
        for scraper in 0..<4 {
            DispatchQueue.global().async(group: group) {
                var last = 0.0
                var scrapes = 0
                while writing.load(ordering: .relaxed) || scrapes < 5 {
                    scrapes += 1
                    guard let response = httpGet(port: port, "/metrics"), response.status == 200 else {
                        problems.withLock { $0.append("scraper \(scraper): no 200") }
                        return
                    }
                    let samples = ExpositionSample.parse(response.body)
                    let output = samples.filter {
                        $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output"
                    }
                    .reduce(0) { $0 + $1.value }
                    let requests = samples.filter { $0.name == "llm_usage_requests_total" }.reduce(0) { $0 + $1.value }
                    if output < last {
                        problems.withLock { $0.append("scraper \(scraper): output went down \(last) -> \(output)") }
                    }
                    // Each request has one output token: a half-applied update would break this.
                    if output != requests { problems.withLock { $0.append("torn snapshot: \(output) vs \(requests)") } }
                    if !response.body.hasSuffix("\n") || !response.body.contains("process_start_time_seconds") {
                        problems.withLock { $0.append("scraper \(scraper): truncated body") }
                    }
                    last = output
                }
            }
        }
        for batch in 1...60 {
            tree.append("projects/-p/s.jsonl", (0..<5).map { assistantLine(id: "m\(batch)-\($0)", output: 1) }.joined())
            usleep(5_000)
        }
        func total() -> Double {
            ExpositionSample.parse(httpGet(port: port, "/metrics")?.body ?? "")
                .filter { $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output" }.reduce(0) {
                    $0 + $1.value
                }
        }
        #expect(waitUntil(seconds: 10) { total() == 301 })
        writing.store(false, ordering: .relaxed)
        group.wait()
        #expect(problems.withLock { $0 } == [])
    }

    @Test func realPrometheusScrapesTheExporter() throws {
        let prometheus = try #require(
            ProcessRunner.which("prometheus"), "prometheus is needed (apt-get install prometheus)")
        let fixture = try Fixture(megabytes: 1, seed: 5)
        let exporter = try startExporter([fixture.tree.root])
        defer { exporter.stop() }
        let server = try PrometheusServer(executable: prometheus, targetPort: exporter.ports[0])
        let up = waitUntil(seconds: 60) {
            server.query("up{job=\"llm-usage\"} == 1").count == 1 && !server.query("llm_usage_tokens_total").isEmpty
        }
        try #require(up, "Prometheus never scraped the exporter:\n\(server.diagnostics)")

        var actual: [String: [String: Double]] = [:]
        for (labels, value) in server.values("sum by (model, token_type) (llm_usage_tokens_total)") {
            actual[labels["model"]!, default: [:]][labels["token_type"]!] = value
        }
        for (labels, value) in server.values("sum by (model) (llm_usage_requests_total)") {
            actual[labels["model"]!, default: [:]]["requests"] = value
        }
        for (labels, value) in server.values("sum by (model) (llm_usage_cost_usd_total)") {
            actual[labels["model"]!, default: [:]]["cost_usd"] = value
        }
        expectMatches(actual, fixture.expected)
    }
}
