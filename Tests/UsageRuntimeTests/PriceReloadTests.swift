import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

/// Prices change while the exporter runs (`--pricing.file` rewritten) and between runs (a state
/// saved without a model's price): new requests take the new prices, requests counted without a
/// price are priced once, cost already counted is never rewritten, a bad file keeps the old prices.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PriceReloadTests {
    static let model = "claude-next-9"

    /// A LiteLLM-format file pricing the new model at `input`/`output` USD per million tokens and
    /// Sonnet 4.5 at `sonnetInput`/15.
    static func priceFile(input: Double, output: Double, sonnetInput: Double = 3) -> String {
        #"{"\#(model)": {"input_cost_per_token": \#(input / 1e6), "output_cost_per_token": \#(output / 1e6), "litellm_provider": "anthropic"}, "claude-sonnet-4-5": {"input_cost_per_token": \#(sonnetInput / 1e6), "output_cost_per_token": 1.5e-05, "litellm_provider": "anthropic"}}"#
    }

    private func start(_ tree: TempTree, logger: Logger, state: Bool = false) throws -> RunningExporter {
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options[source: "codex"].enabled = false
        options.pollIntervalMillis = 50
        options.pricingFile = tree.path("prices.json")
        options.stateDir = state ? tree.path("state") : ""
        let running = try Exporter(options: options, environment: [:], logger: logger).start()
        for _ in 0..<200 where httpGet(port: running.ports[0], "/-/ready")?.status != 200 { usleep(25_000) }
        return running
    }

    private func samples(_ running: RunningExporter) -> [ExpositionSample] {
        ExpositionSample.parse(httpGet(port: running.ports[0], "/metrics")?.body ?? "")
    }

    private func value(_ samples: [ExpositionSample], _ name: String, model: String? = nil) -> Double? {
        let matching = samples.filter { $0.name == name && (model == nil || $0.labels["model"] == model) }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }

    /// Polls until `condition` holds on a scrape (at most two seconds).
    private func eventually(_ running: RunningExporter, _ condition: ([ExpositionSample]) -> Bool) -> [ExpositionSample]
    {
        var last: [ExpositionSample] = []
        for _ in 0..<80 {
            last = samples(running)
            if condition(last) { return last }
            usleep(25_000)
        }
        return last
    }

    private func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * max(1, b) } ?? false }

    @Test func aChangedPriceFileIsReadAgainWhileRunning() throws {
        let tree = TempTree()
        tree.write("prices.json", #"{}"#)
        tree.write(
            "projects/-p/s.jsonl",
            assistantLine(id: "a", model: Self.model, input: 100_000, output: 0)
                + assistantLine(id: "b", model: Self.model, input: 0, output: 100_000)
                + assistantLine(id: "c", model: "claude-sonnet-4-5", input: 100_000, output: 0))
        let logger = Logger(capture: true)
        let running = try start(tree, logger: logger)
        defer { running.stop() }
        var seen = samples(running)
        #expect(value(seen, "llm_usage_cost_usd_total", model: Self.model) == nil)
        #expect(value(seen, "llm_usage_unpriced_requests_total", model: Self.model) == 2)
        #expect(close(value(seen, "llm_usage_cost_usd_total", model: "claude-sonnet-4-5"), 0.3))

        // The model gets a price: its two counted requests are priced, once (the new cost series
        // is born at 0, then released: BirthTests).
        tree.write("prices.json", Self.priceFile(input: 2, output: 10))
        seen = eventually(running) { close(value($0, "llm_usage_cost_usd_total", model: Self.model), 1.2) }
        #expect(close(value(seen, "llm_usage_cost_usd_total", model: Self.model), 1.2))
        #expect(value(seen, "llm_usage_unpriced_requests_total", model: Self.model) == 2)
        #expect(value(seen, "llm_usage_prices_last_reload_successful") == 1)
        #expect(logger.captured.contains { $0.contains("priced requests counted before") && $0.contains("requests=2") })

        // A new request is priced as it comes; a dearer Sonnet applies to later requests only.
        tree.write("prices.json", Self.priceFile(input: 2, output: 10, sonnetInput: 30))
        usleep(200_000)
        tree.append(
            "projects/-p/s.jsonl",
            assistantLine(id: "d", model: Self.model, input: 100_000, output: 0)
                + assistantLine(id: "e", model: "claude-sonnet-4-5", input: 100_000, output: 0))
        seen = eventually(running) { value($0, "llm_usage_requests_total") == 5 }
        #expect(close(value(seen, "llm_usage_cost_usd_total", model: Self.model), 1.4))
        #expect(close(value(seen, "llm_usage_cost_usd_total", model: "claude-sonnet-4-5"), 3.3))

        // A broken file: the old prices stay, and it shows.
        tree.write("prices.json", #"{"claude-next-9": {"input_cost_per_token": "#)
        seen = eventually(running) { value($0, "llm_usage_prices_last_reload_successful") == 0 }
        #expect(value(seen, "llm_usage_prices_last_reload_successful") == 0)
        tree.append("projects/-p/s.jsonl", assistantLine(id: "f", model: Self.model, input: 100_000, output: 0))
        seen = eventually(running) { value($0, "llm_usage_requests_total") == 6 }
        #expect(close(value(seen, "llm_usage_cost_usd_total", model: Self.model), 1.6))
        #expect(
            logger.captured.contains { $0.contains("cannot load the changed prices") && $0.contains("prices.json") })
    }

    /// A state saved while a model had no price, loaded with one (a price file, or a new version
    /// whose bundled table has it): priced once, and not again at the next start.
    @Test func aRestartWithAPriceCatchesUpOnce() throws {
        let tree = TempTree()
        tree.write("prices.json", #"{}"#)
        tree.write(
            "projects/-p/s.jsonl",
            assistantLine(id: "a", model: Self.model, input: 100_000, output: 100_000))
        let first = try start(tree, logger: Logger(capture: true), state: true)
        #expect(value(samples(first), "llm_usage_cost_usd_total", model: Self.model) == nil)
        first.stop()

        tree.write("prices.json", Self.priceFile(input: 2, output: 10))
        for _ in 0..<2 {
            let next = try start(tree, logger: Logger(capture: true), state: true)
            #expect(close(value(samples(next), "llm_usage_cost_usd_total", model: Self.model), 1.2))
            next.stop()
        }
    }
}
