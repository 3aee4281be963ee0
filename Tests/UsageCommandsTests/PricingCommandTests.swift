import Foundation
import TestSupport
import Testing
import UsageRuntime

@testable import UsageCommands

/// `llm-usage-exporter pricing`: the effective price table, as the exporter applies it.
@Suite struct PricingCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        runCommand(arguments)
    }

    @Test func jsonListsTheBundledPricesAndTheConfigsOverrides() throws {
        let tree = TempTree()
        tree.write(
            "c.json",
            #"{"pricing":{"models":{"my-model":{"provider":"openai","input":2,"output":8,"cache_read":0.5}}}}"#)
        let result = run(["pricing", "--format=json", "--config.file", tree.path("c.json")])
        #expect(result.status == 0, "\(result.err)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
        let byModel = Dictionary(uniqueKeysWithValues: rows.map { ($0["model"] as! String, $0) })
        let sonnet = try #require(byModel["claude-sonnet-4-5"])
        #expect(sonnet["provider"] as? String == "anthropic")
        #expect(sonnet["input"] as? Double == 3)
        #expect(sonnet["cache_read"] as? Double == 0.3)
        #expect((sonnet["long_context"] as? [String: Any])?["threshold_tokens"] as? Int == 200_000)
        #expect(byModel["claude-opus-4-6"]?["fast_multiplier"] as? Double == 6)
        #expect(byModel["gpt-5-codex"]?["cache_read"] as? Double == 0.125)
        let custom = try #require(byModel["my-model"])
        #expect(custom["origin"] as? String == tree.path("c.json"))
        #expect(custom["cache_read"] as? Double == 0.5)
        #expect(Set(rows.flatMap { $0.keys }) == Set(PricingReport.columns))
    }

    @Test func theTableIsAlignedWithAHeader() throws {
        let result = run(["pricing"])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("MODEL "))
        let haiku = try #require(lines.first { $0.hasPrefix("claude-3-5-haiku ") })
        #expect(haiku.contains(" anthropic "))
        #expect(haiku.contains(" 0.08 "))
        // The numeric columns end where their header does.
        let inputEnd = try #require(lines[0].range(of: "INPUT")).upperBound
        let width = lines[0].distance(from: lines[0].startIndex, to: inputEnd)
        let sonnet = try #require(lines.first { $0.hasPrefix("claude-sonnet-4-5 ") })
        #expect(sonnet.prefix(width).hasSuffix(" 3"))
    }

    @Test func helpAndMistakes() {
        #expect(run(["pricing", "--help"]).out.hasPrefix("usage: llm-usage-exporter pricing"))
        let bad = run(["pricing", "--format=xml"])
        #expect(bad.status == 2)
        #expect(bad.err == "llm-usage-exporter: error: flag --format: \"xml\" is not one of table, json\n")
        #expect(run(["pricing", "--pricing.file=/nonexistent.json"]).status == 2)
    }
}
