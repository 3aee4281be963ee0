import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

/// `pricing update` against a real loopback server: a good file (plain, chunked, redirected,
/// over TLS), and every way a download goes wrong, each with a clear message and the old prices kept.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PricingUpdateTests {
    static let fixtures = TestPaths.packageRoot + "/Tests/EndToEndTests/Fixtures"

    /// A running price server and what it serves.
    final class PriceServer {
        let process: Process
        let port: Int
        let scheme: String

        init(_ tree: TempTree, serving prices: String, tls: (cert: String, key: String)? = nil) throws {
            let python = try #require(ProcessRunner.which("python3"))
            let portFile = tree.path("port-\(tls == nil ? "http" : "https")")
            var arguments = [PricingUpdateTests.fixtures + "/price-server.py", portFile, prices]
            if let tls { arguments += [tls.cert, tls.key] }
            process = try ProcessRunner.start(python, arguments, log: tree.path("server.log"))
            var port: Int?
            for _ in 0..<200 {
                port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
                if port != nil { break }
                usleep(25_000)
            }
            self.port = try #require(port, "the price server did not start: \(tree.read("server.log"))")
            scheme = tls == nil ? "http" : "https"
        }

        func url(_ path: String, host: String = "127.0.0.1") -> String { "\(scheme)://\(host):\(port)\(path)" }

        deinit {
            // SIGKILL: a child of the test process may inherit SIGTERM ignored.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The reference LiteLLM file with one more model, so that a download shows in the prices.
    static func litellmWithNewModel(_ tree: TempTree) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: BundledPricesTests.referenceFile))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["claude-next-9"] = [
            "input_cost_per_token": 2e-6, "output_cost_per_token": 1e-5, "litellm_provider": "anthropic",
            "mode": "chat",
        ]
        let path = tree.path("litellm.json")
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func update(
        _ url: String, state: String, timeout: String = "2s"
    ) -> (status: Int32, out: String, err: String) {
        runCommand(["pricing", "update", "--url", url, "--state.dir", state, "--timeout", timeout])
    }

    private func row(_ model: String, state: String) throws -> [String: Any]? {
        let result = runCommand(["pricing", "--format=json", "--state.dir", state])
        let rows = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]] ?? []
        return rows.first { $0["model"] as? String == model }
    }

    @Test func aGoodFileIsWrittenAndShowsInThePrices() throws {
        let tree = TempTree()
        let server = try PriceServer(tree, serving: try Self.litellmWithNewModel(tree))
        let state = tree.path("state")
        for path in ["/prices.json", "/chunked.json", "/redirect"] {
            let result = update(server.url(path), state: state)
            #expect(result.status == 0, "\(path): \(result.err)")
            #expect(result.out.hasPrefix("wrote \(state)/prices.json from \(server.url(path))"), "\(result.out)")
        }
        let written = try #require(FileManager.default.contents(atPath: state + "/prices.json"))
        #expect(written == FileManager.default.contents(atPath: tree.path("litellm.json")))
        let next = try #require(try row("claude-next-9", state: state))
        #expect(next["input"] as? Double == 2)
        #expect(next["origin"] as? String == state + "/prices.json")
        // Rows the bundled table has and the file repeats come from the file now.
        #expect(try row("claude-opus-4-8", state: state)?["origin"] as? String == state + "/prices.json")
    }

    @Test(arguments: [
        ("/missing.json", "the server answered 404"),
        ("/truncated.json", "the connection closed after"),
        ("/broken.json", "malformed JSON"),
        ("/stub.json", "prices 0 of the"),
        ("/hang.json", "no complete answer within 1.0 s"),
    ])
    func aBadDownloadChangesNothing(_ path: String, _ reason: String) throws {
        let tree = TempTree()
        let server = try PriceServer(tree, serving: try Self.litellmWithNewModel(tree))
        let state = tree.path("state")
        tree.write(
            "state/prices.json", #"{"claude-next-9": {"input_cost_per_token": 3e-06, "litellm_provider": "anthropic"}}"#
        )
        let started = Date()
        let result = update(server.url(path), state: state, timeout: "1s")
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("llm-usage-exporter: error: pricing update: "), "\(result.err)")
        #expect(result.err.contains(reason), "\(result.err)")
        #expect(
            result.err.contains("the prices in use are unchanged")
                || result.err.contains("The prices in use are unchanged"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(tree.read("state/prices.json").contains("3e-06"))
        #expect(!FileManager.default.fileExists(atPath: state + "/prices.json.tmp"))
        #expect(try row("claude-next-9", state: state)?["input"] as? Double == 3)
    }

    @Test func nothingListeningAndMistakesAreNamed() throws {
        let tree = TempTree()
        let refused = update("http://127.0.0.1:1/prices.json", state: tree.path("state"))
        #expect(refused.status == 1)
        #expect(
            refused.err.contains("http://127.0.0.1:1/prices.json: cannot connect: Connection refused"), "\(refused.err)"
        )
        let bad = runCommand(["pricing", "update", "--url", "ftp://example.com/x"])
        #expect(bad.status == 2)
        #expect(
            bad.err
                == "llm-usage-exporter: error: flag --url: \"ftp://example.com/x\" is not an http:// or https:// URL\n")
        let noState = runCommand(["pricing", "update", "--state.dir="])
        #expect(noState.status == 2)
        #expect(noState.err.contains("--state.dir is empty"))
        #expect(runCommand(["pricing", "update", "--help"]).out.hasPrefix("usage: llm-usage-exporter pricing update"))
    }

    /// Over TLS: a certificate the system does not trust is refused; trusted (SSL_CERT_FILE, as
    /// OpenSSL reads it), the file is fetched and the host name checked.
    @Test func overTLSTheCertificateIsVerified() throws {
        let openssl = try #require(ProcessRunner.which("openssl"), "openssl is needed (apt-get install openssl)")
        let tree = TempTree()
        let made = try ProcessRunner.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost", "-keyout", tree.path("key.pem"), "-out",
                tree.path("cert.pem"),
            ])
        try #require(made.status == 0, "\(made.stderr)")
        let server = try PriceServer(
            tree, serving: try Self.litellmWithNewModel(tree), tls: (tree.path("cert.pem"), tree.path("key.pem")))
        let untrusted = update(server.url("/prices.json", host: "localhost"), state: tree.path("state"))
        #expect(untrusted.status == 1)
        #expect(untrusted.err.contains("TLS: the server's certificate is not trusted"), "\(untrusted.err)")

        // The trust store is process state OpenSSL reads from the environment: a process of its own.
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        var environment = ProcessInfo.processInfo.environment
        environment["SSL_CERT_FILE"] = tree.path("cert.pem")
        let trusted = try ProcessRunner.run(
            binary,
            [
                "pricing", "update", "--url", server.url("/prices.json", host: "localhost"), "--state.dir",
                tree.path("state"),
            ],
            environment: environment)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(FileManager.default.fileExists(atPath: tree.path("state/prices.json")))
        // The certificate names localhost, not 127.0.0.1.
        let wrongName = try ProcessRunner.run(
            binary, ["pricing", "update", "--url", server.url("/prices.json"), "--state.dir", tree.path("other")],
            environment: environment)
        #expect(wrongName.status == 1)
        #expect(wrongName.stderr.contains("TLS:"), "\(wrongName.stderr)")
    }

    /// The whole path a user takes: an exporter running with a model it cannot price, then
    /// `pricing update`: the running exporter reads the file and the cost counter catches up.
    @Test func aRunningExporterPicksTheUpdateUp() throws {
        let tree = TempTree()
        let server = try PriceServer(tree, serving: try Self.litellmWithNewModel(tree))
        tree.write(
            "projects/-p/s.jsonl",
            assistantLine(id: "a", model: "claude-next-9", input: 100_000, output: 100_000)
                + assistantLine(id: "b", model: "claude-next-9", input: 0, output: 100_000))
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options[source: "codex"].enabled = false
        options.pollIntervalMillis = 50
        options.stateDir = tree.path("state")
        let running = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        defer { running.stop() }
        func cost() -> Double? {
            let samples = ExpositionSample.parse(httpGet(port: running.ports[0], "/metrics")?.body ?? "")
            let matching = samples.filter {
                $0.name == "llm_usage_cost_usd_total" && $0.labels["model"] == "claude-next-9"
            }
            return matching.first?.value
        }
        for _ in 0..<200 where httpGet(port: running.ports[0], "/-/ready")?.status != 200 { usleep(25_000) }
        #expect(cost() == nil)
        let result = update(server.url("/prices.json"), state: tree.path("state"))
        #expect(result.status == 0, "\(result.err)")
        // The new cost series is born at 0, then released: wait for its value.
        var seen: Double?
        for _ in 0..<200 {
            seen = cost()
            if let seen, seen > 0 { break }
            usleep(25_000)
        }
        // 100k input at $2 and 200k output at $10 per million.
        #expect(seen.map { abs($0 - 2.2) < 1e-9 } == true, "\(String(describing: seen))")
    }
}
