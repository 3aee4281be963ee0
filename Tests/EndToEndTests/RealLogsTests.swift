import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageRuntime
import UsageSystem

/// The real transcripts and Codex rollouts in ../shared/real-logs (from package repositories):
/// unpacked into a temporary folder, every model in them is priced, and the exporter's tokens,
/// requests and cost per model equal the repository's independent counts (Python's json module,
/// LiteLLM's file read by scripts/litellm_prices.py), with the bundled table and with LiteLLM's
/// file itself as `--pricing.file`.
@Suite struct RealLogsTests {
    static let directory = TestPaths.packageRoot + "/../shared/real-logs"

    /// The sets: `C*` are Claude Code config roots, `X*` Codex homes.
    static var sets: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("C") || $0.hasPrefix("X") }.sorted()
    }

    /// Every `.gz` of a set unpacked into `tree` under `prefix`, keeping the layout.
    private func unpack(_ set: String, into tree: TempTree, at prefix: String) throws {
        let root = Self.directory + "/" + set
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
        var count = 0
        for file in files where file.hasSuffix(".gz") {
            let compressed = try #require(FileManager.default.contents(atPath: root + "/" + file))
            let bytes = try #require(gunzipSingleMember([UInt8](compressed)), "\(set)/\(file) does not inflate")
            tree.write(prefix + "/" + String(file.dropLast(3)), bytes)
            count += 1
        }
        #expect(count > 0, "\(set) holds no .gz files")
    }

    /// Per model: requests, the four token types and cost, summed over the other labels.
    private func exported(_ text: String) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for sample in ExpositionSample.parse(text) {
            guard let model = sample.labels["model"] else { continue }
            switch sample.name {
            case "llm_usage_tokens_total":
                result[model, default: [:]][sample.labels["token_type"]!, default: 0] += sample.value
            case "llm_usage_cost_usd_total": result[model, default: [:]]["cost_usd", default: 0] += sample.value
            case "llm_usage_requests_total": result[model, default: [:]]["requests", default: 0] += sample.value
            case "llm_usage_unpriced_requests_total":
                result[model, default: [:]]["unpriced", default: 0] += sample.value
            default: break
            }
        }
        return result
    }

    @Test(arguments: RealLogsTests.sets)
    func everyModelIsPricedAndEqualsTheIndependentCount(_ set: String) throws {
        let python = try #require(ProcessRunner.which("python3"))
        let tree = TempTree()
        let codex = set.hasPrefix("X")
        // The Codex count reads a folder laid out as the fixture generator lays it: DIR/codex.
        try unpack(set, into: tree, at: codex ? "codex" : "claude")
        let script =
            TestPaths.packageRoot
            + (codex ? "/scripts/independent-count-sources.py" : "/scripts/independent-count.py")
        let counted = try ProcessRunner.run(python, [script, codex ? tree.root : tree.path("claude")])
        try #require(counted.status == 0, "\(counted.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: Any])
        let expected = try #require(
            (codex ? ((json["codex"] as? [String: Any])?["models"]) : json) as? [String: [String: Any]])
        try #require(!expected.isEmpty)

        for pricingFile in [nil, BundledPricesTests.referenceFile] {
            var options = ExporterOptions()
            options[source: "claude_code"].paths = codex ? [] : [tree.path("claude")]
            options[source: "claude_code"].enabled = !codex
            options[source: "codex"].paths = [tree.path("codex")]
            options[source: "codex"].enabled = codex
            options.pricingFile = pricingFile
            let text = String(
                decoding: try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce(),
                as: UTF8.self)
            let got = exported(text)
            let prices = pricingFile == nil ? "bundled prices" : "--pricing.file"
            #expect(Set(got.keys) == Set(expected.keys), "\(set), \(prices): models")
            for (model, entry) in expected {
                let mine = got[model] ?? [:]
                #expect(mine["unpriced"] == nil, "\(set): \(model) has no price (\(prices))")
                for (field, name) in [
                    ("requests", "requests"), ("input", "input"), ("output", "output"), ("cache_read", "cache_read"),
                    ("cache_creation", "cache_creation"), ("cost_usd", "cost_usd"),
                ] {
                    guard let want = (entry[field] as? NSNumber)?.doubleValue else { continue }
                    let have = mine[name] ?? 0
                    #expect(
                        abs(have - want) <= 1e-9 * max(1, abs(want)),
                        "\(set) \(model) \(field) (\(prices)): exporter \(have), independent \(want)")
                }
            }
        }
    }

    /// The figures: both Codex histories were shown as $0 before the prices were current.
    @Test func theCodexHistoriesCostWhatLiteLLMSays() throws {
        try #require(Self.sets.count >= 6, "\(Self.directory) is missing or incomplete")
        for (set, dollars) in [("X1-localpush", 16.81), ("X2-codemie", 8.38)] {
            let tree = TempTree()
            try unpack(set, into: tree, at: "codex")
            var options = ExporterOptions()
            options[source: "claude_code"].enabled = false
            options[source: "codex"].paths = [tree.path("codex")]
            let text = String(
                decoding: try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce(),
                as: UTF8.self)
            let cost = exported(text).values.reduce(0) { $0 + ($1["cost_usd"] ?? 0) }
            #expect(abs(cost - dollars) < 0.005, "\(set): $\(cost)")
        }
    }
}
