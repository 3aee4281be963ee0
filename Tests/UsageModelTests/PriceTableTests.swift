import Foundation
import Testing
import UsageModel

@Suite struct PriceTableTests {
    static let fixture: [UInt8] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return [UInt8](
            FileManager.default.contents(atPath: directory.appendingPathComponent("Fixtures/litellm-subset.json").path)!
        )
    }()

    private func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }

    private func sameRates(_ a: TokenRates, _ b: TokenRates) -> Bool {
        close(a.input, b.input) && close(a.output, b.output) && close(a.cacheWrite5m, b.cacheWrite5m)
            && close(a.cacheWrite1h, b.cacheWrite1h) && close(a.cacheRead, b.cacheRead)
    }

    @Test func pricesAPlainRequestByHand() throws {
        let price = try #require(PriceTable.bundled.price(for: "claude-sonnet-4-5-20250929"))
        let tokens = TokenCounts(input: 4, output: 250, cacheWrite5m: 1000, cacheWrite1h: 0, cacheRead: 15000)
        let expected: Double = (4 * 3 + 250 * 15 + 1000 * 3.75 + 15000 * 0.3) / 1e6
        #expect(close(price.cost(of: tokens, fast: false), expected))
    }

    @Test func pricesOneHourCacheWritesApart() throws {
        let price = try #require(PriceTable.bundled.price(for: "claude-opus-4-5"))
        let tokens = TokenCounts(cacheWrite5m: 1_000_000, cacheWrite1h: 1_000_000)
        #expect(close(price.cost(of: tokens, fast: false), 6.25 + 10))
    }

    @Test func longContextBillsTheWholeRequestAtTheHigherRates() throws {
        let price = try #require(PriceTable.bundled.price(for: "claude-sonnet-4-20250514"))
        let over = TokenCounts(
            input: 1000, output: 2000, cacheWrite5m: 100_000, cacheWrite1h: 50_000, cacheRead: 60_000)
        #expect(over.promptSide == 211_000)
        let expected: Double = (1000 * 6 + 2000 * 22.5 + 100_000 * 7.5 + 50_000 * 12 + 60_000 * 0.6) / 1e6
        #expect(close(price.cost(of: over, fast: false), expected))
        // Exactly at the threshold is not over it.
        let at = TokenCounts(input: 200_000, output: 10)
        let atExpected: Double = (200_000 * 3 + 10 * 15) / 1e6
        #expect(close(price.cost(of: at, fast: false), atExpected))
        // Models without the 1M window never switch.
        let opus = try #require(PriceTable.bundled.price(for: "claude-opus-4-1"))
        let opusExpected: Double = (1000 * 15 + 2000 * 75 + 100_000 * 18.75 + 50_000 * 30 + 60_000 * 1.5) / 1e6
        #expect(close(opus.cost(of: over, fast: false), opusExpected))
    }

    @Test func fastModeMultipliesOnlyWhereTheTableSaysSo() throws {
        // Below the long-context threshold, so only the fast multiplier is in play.
        let tokens = TokenCounts(input: 100_000, output: 100_000)
        let opus46 = try #require(PriceTable.bundled.price(for: "claude-opus-4-6"))
        #expect(close(opus46.cost(of: tokens, fast: false), 3))
        #expect(close(opus46.cost(of: tokens, fast: true), 18))
        let sonnet = try #require(PriceTable.bundled.price(for: "claude-sonnet-4-5"))
        #expect(close(sonnet.cost(of: tokens, fast: true), 1.8))
    }

    @Test func codexStylePricesCachedInputAsCacheReads() throws {
        let price = try #require(PriceTable.bundled.price(for: "gpt-5-codex"))
        // 1M input of which 400k cached: reported as 600k input + 400k cache_read.
        let tokens = TokenCounts(input: 600_000, output: 100_000, cacheRead: 400_000)
        let codexExpected: Double = 0.6 * 1.25 + 0.4 * 0.125 + 0.1 * 10
        #expect(close(price.cost(of: tokens, fast: false), codexExpected))
    }

    @Test func unknownModelsHaveNoPrice() {
        #expect(PriceTable.bundled.price(for: "claude-ultra-9") == nil)
        #expect(PriceTable.bundled.price(for: "") == nil)
    }

    @Test func liteLLMFileMergesOverTheBundledTable() throws {
        let merged = try PriceTable.bundled.merging(priceFile: Self.fixture, path: "prices.json")
        // The unprefixed key wins over regional variants that normalise to the same name...
        #expect(merged.price(for: "claude-sonnet-4-5-20250929")?.rates.input == 3)
        // ...and among prefixed keys the latest date wins (LiteLLM also lists a 3.6 "20240620" row).
        #expect(merged.price(for: "claude-3-7-sonnet-20250219").map { close($0.rates.input, 3) } == true)
        // An exact id keeps its own regional price.
        #expect(
            merged.price(for: "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0").map { close($0.rates.input, 3.6) }
                == true)
        // Fields the file lacks keep the bundled values: the long-context rule and fast mode stay.
        #expect(merged.price(for: "claude-sonnet-4-5")?.longContextRates?.output == 22.5)
        #expect(merged.price(for: "claude-opus-4-6")?.fastMultiplier == 6)
        #expect(merged.entries["claude-sonnet-4-5"]?.origin == "prices.json")
    }

    @Test func overrideFileAddsAndReplacesModels() throws {
        let file = Array(
            #"""
            {"my-model": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "anthropic"},
             "claude-haiku-4-5": {"input_cost_per_token": 2e-6},
             "dall-e-3": {"output_cost_per_image": 0.04}}
            """#.utf8)
        let merged = try PriceTable.bundled.merging(priceFile: file, path: "override.json")
        let mine = try #require(merged.price(for: "my-model-20260101"))
        #expect(
            close(mine.rates.input, 1) && close(mine.rates.output, 2) && close(mine.rates.cacheWrite5m, 1.25)
                && close(mine.rates.cacheRead, 0.1))
        let haiku = try #require(merged.price(for: "claude-haiku-4-5"))
        #expect(close(haiku.rates.input, 2) && close(haiku.rates.output, 5))
        #expect(merged.price(for: "dall-e-3") == nil)
    }

    @Test func badPriceFilesAreNamedPrecisely() {
        #expect(
            throws: PriceFileError.malformedJSON(path: "p.json", line: 2, column: 3, reason: "malformed JSON at byte 4")
        ) {
            // A raw newline inside a string.
            try PriceTable.bundled.merging(priceFile: Array("{\n\"a\nb\": {}}".utf8), path: "p.json")
        }
        #expect(
            throws: PriceFileError.malformedJSON(path: "p.json", line: 3, column: 1, reason: "malformed JSON at byte 5")
        ) {
            // An unterminated string: the error is at the end of the input.
            try PriceTable.bundled.merging(priceFile: Array("{\n\"a\n".utf8), path: "p.json")
        }
        #expect(throws: PriceFileError.notAnObject(path: "p.json")) {
            try PriceTable.bundled.merging(priceFile: Array("[1]".utf8), path: "p.json")
        }
        #expect(
            throws: PriceFileError.invalidField(
                path: "p.json", model: "m", field: "input_cost_per_token", reason: "not a number")
        ) {
            try PriceTable.bundled.merging(
                priceFile: Array(#"{"m": {"input_cost_per_token": "cheap"}}"#.utf8), path: "p.json")
        }
        #expect(
            throws: PriceFileError.invalidField(
                path: "p.json", model: "m", field: "output_cost_per_token", reason: "negative price")
        ) {
            try PriceTable.bundled.merging(
                priceFile: Array(#"{"m": {"output_cost_per_token": -1}}"#.utf8), path: "p.json")
        }
    }
}
