import Foundation
import TestSupport
import Testing
import UsageRuntime

/// The bundled table against LiteLLM's file in ../shared/reference/prices, through what a user
/// sees (`pricing --format=json`): every Anthropic and OpenAI key of the file, field by field.
/// The file is read with Foundation's JSONSerialization, the selection and the defaults are
/// written here again from the README, apart from the generator and the Swift parser.
@Suite struct BundledPricesTests {
    static let referenceDirectory = TestPaths.packageRoot + "/../shared/reference/prices"
    static let referenceFile = referenceDirectory + "/litellm-1.110.2.json"

    /// The file's entries, and `pricing --format=json`'s rows by model.
    static func load() -> (file: [String: [String: Any]], rows: [String: [String: Any]]) {
        let data = FileManager.default.contents(atPath: referenceFile) ?? Data()
        let file = (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: Any]] ?? [:]
        let result = runCommand(["pricing", "--format=json"])
        let rows = (try? JSONSerialization.jsonObject(with: Data(result.out.utf8))) as? [[String: Any]] ?? []
        return (file, Dictionary(rows.map { ($0["model"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a }))
    }

    static func supplement() -> [String: [String: Any]] {
        let path = TestPaths.packageRoot + "/scripts/price-supplement.json"
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let models = object?["models"] as? [String: [String: Any]] ?? [:]
        return models.mapValues { $0["fields"] as? [String: Any] ?? [:] }
    }

    /// The keys the bundled table must carry: Anthropic's models as Anthropic, Bedrock, Vertex AI and
    /// Foundry list them, OpenAI's text and embedding models, and aliases of either.
    static func isSelected(_ key: String, _ entry: [String: Any], in file: [String: [String: Any]]) -> Bool {
        if let target = entry["alias_of"] as? String, let resolved = file[target] {
            return isSelected(target, resolved, in: file)
        }
        // Throughput commitments and per-image prices have no token prices: nothing to count against.
        guard entry["input_cost_per_token"] != nil || entry["output_cost_per_token"] != nil else { return false }
        let provider = entry["litellm_provider"] as? String ?? ""
        let cloud = [
            "anthropic", "bedrock", "bedrock_converse", "bedrock_mantle", "vertex_ai-anthropic_models", "azure_ai",
        ]
        if cloud.contains(provider) { return key.lowercased().contains("claude") }
        guard provider == "openai", !key.contains("/"),
            ["chat", "responses", "completion", "embedding"].contains(entry["mode"] as? String ?? "")
        else { return false }
        let first = key.dropFirst().first
        return key.hasPrefix("gpt-") || key.hasPrefix("codex") || key.hasPrefix("chatgpt-")
            || key.hasPrefix("text-embedding-") || (key.hasPrefix("o") && first?.isNumber == true)
    }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }

    @Test func everyAnthropicAndOpenAIKeyIsListedAtTheFilesPrices() throws {
        let (file, rows) = Self.load()
        let supplement = Self.supplement()
        try #require(!file.isEmpty, "\(Self.referenceFile) is missing")
        var compared = 0
        for (key, original) in file.sorted(by: { $0.key < $1.key }) where Self.isSelected(key, original, in: file) {
            compared += 1
            let row = try #require(rows[key.lowercased()], "\(key) is not in `pricing`")
            var entry = original
            if let target = original["alias_of"] as? String { entry = file[target] ?? [:] }
            let provider = entry["litellm_provider"] as? String ?? ""
            let anthropic = key.lowercased().contains("claude")
            if provider == "anthropic", let base = Optional(key.replacing(/-\d{8}$/, with: "")),
                let extra = supplement[base]
            {
                entry.merge(extra) { ours, _ in ours }
            }
            func perMillion(_ field: String) -> Double? { (entry[field] as? NSNumber).map { $0.doubleValue * 1e6 } }
            /// The README's rule: cache rates a file leaves out follow Anthropic's ratios for Anthropic, else the input.
            func rates(_ suffix: String) -> [Double?] {
                let input = perMillion("input_cost_per_token" + suffix) ?? 0
                let write5m =
                    perMillion("cache_creation_input_token_cost" + suffix) ?? (anthropic ? input * 1.25 : input)
                return [
                    input, perMillion("output_cost_per_token" + suffix) ?? perMillion("output_cost_per_token"),
                    write5m,
                    perMillion("cache_creation_input_token_cost_above_1hr" + suffix)
                        ?? (anthropic ? input * 2 : write5m),
                    perMillion("cache_read_input_token_cost" + suffix) ?? (anthropic ? input / 10 : input),
                ]
            }
            let names = ["input", "output", "cache_write_5m", "cache_write_1h", "cache_read"]
            for (name, expected) in zip(names, rates("")) {
                #expect(close((row[name] as? NSNumber)?.doubleValue, expected), "\(key) \(name): \(row[name] ?? "nil")")
            }
            #expect(row["provider"] as? String == (anthropic ? "anthropic" : "openai"), "\(key) provider")
            #expect(row["origin"] as? String == "bundled", "\(key) origin")
            let tiers = entry.keys.compactMap { field -> Int? in
                guard let match = field.wholeMatch(of: /input_cost_per_token_above_(\d+)k_tokens/) else { return nil }
                return Int(match.1)
            }
            let long = row["long_context"] as? [String: Any]
            if let thousands = tiers.min() {
                #expect((long?["threshold_tokens"] as? NSNumber)?.intValue == thousands * 1000, "\(key) threshold")
                for (name, expected) in zip(names, rates("_above_\(thousands)k_tokens")) {
                    #expect(close((long?[name] as? NSNumber)?.doubleValue, expected), "\(key) long context \(name)")
                }
            } else {
                #expect(long == nil, "\(key) has no long-context tier in the file")
            }
            let specific = entry["provider_specific_entry"] as? [String: Any]
            let fast = (entry["fast_multiplier"] as? NSNumber ?? specific?["fast"] as? NSNumber)?.doubleValue ?? 1
            #expect(close((row["fast_multiplier"] as? NSNumber)?.doubleValue, fast), "\(key) fast multiplier")
        }
        #expect(compared >= 400, "only \(compared) keys compared")
    }

    /// The models people run today (the issue's list) are priced under their plain and dated ids.
    @Test func currentModelsArePriced() throws {
        let (file, rows) = Self.load()
        let models = [
            "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5", "claude-haiku-5-5", "claude-fable-5",
            "claude-mythos-5", "claude-opus-4-6-20260205", "claude-opus-4-7-20260416", "gpt-5.1", "gpt-5.2",
            "gpt-5.3-codex", "gpt-5.4", "gpt-5.5", "gpt-5.6", "gpt-5.2-codex", "gpt-5.1-codex-max", "o3", "o4-mini",
            "text-embedding-3-small",
        ]
        for model in models {
            let row = try #require(rows[model], "\(model) is not in `pricing`")
            let input = try #require((file[model]?["input_cost_per_token"] as? NSNumber)?.doubleValue)
            #expect(close((row["input"] as? NSNumber)?.doubleValue, input * 1e6), "\(model)")
        }
    }

    /// The supplement's facts: fast mode of Opus 4.6 and the 1M window of Sonnet 4 and 4.5 (LiteLLM
    /// gives Sonnet 4's tier only on its Bedrock ids, where the table takes it from).
    @Test func publishedRulesLiteLLMLacksStay() throws {
        let (_, rows) = Self.load()
        #expect((rows["claude-opus-4-6"]?["fast_multiplier"] as? NSNumber)?.doubleValue == 6)
        #expect((rows["claude-opus-4-8"]?["fast_multiplier"] as? NSNumber)?.doubleValue == 2)
        for model in ["claude-sonnet-4", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"] {
            let long = try #require(rows[model]?["long_context"] as? [String: Any], "\(model)")
            #expect((long["threshold_tokens"] as? NSNumber)?.intValue == 200_000)
            #expect((long["output"] as? NSNumber)?.doubleValue == 22.5)
        }
        let haiku = try #require(rows["claude-haiku-5-5"]?["long_context"] as? [String: Any])
        #expect((haiku["threshold_tokens"] as? NSNumber)?.intValue == 100_000)
    }

    /// The generated Swift file is what the script makes from the reference file: nobody typed it.
    @Test func theBundledTableIsGenerated() throws {
        let python = try #require(ProcessRunner.which("python3"))
        let script = TestPaths.packageRoot + "/scripts/generate-prices.py"
        let generated = try ProcessRunner.run(python, [script, Self.referenceFile])
        #expect(generated.status == 0, "\(generated.stderr)")
        let path = TestPaths.packageRoot + "/Sources/UsageModel/Pricing/PriceTable+BundledPrices.swift"
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(generated.stdout == committed, "run scripts/generate-prices.py --output \(path)")
    }
}
