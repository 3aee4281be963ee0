import Testing
import UsageModel

@Suite struct ModelNameTests {
    @Test(arguments: [
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4"),
        ("claude-sonnet-4-5", "claude-sonnet-4-5"),
        ("anthropic/claude-opus-4-1", "claude-opus-4-1"),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"),
        ("bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"),
        ("vertex_ai/claude-sonnet-4-5@20250929", "claude-sonnet-4-5"),
        ("claude-opus-4-6[1m]", "claude-opus-4-6"),
        ("Claude-Haiku-4-5-20251001", "claude-haiku-4-5"),
        ("claude-3-5-sonnet-latest", "claude-3-5-sonnet"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-5", "gpt-5"),
        ("gpt-4.1", "gpt-4.1"),
        // A date is ASCII digits: other digits are part of the name.
        ("claude-٢٠٢٥٠١٠١", "claude-٢٠٢٥٠١٠١"),
        ("  claude-opus-4-1@20250805  ", "claude-opus-4-1"),
    ])
    func normalises(_ id: String, _ expected: String) {
        #expect(ModelName(id).base == expected)
    }

    @Test func neverConfusesSonnet4WithSonnet45() {
        let table = PriceTable.bundled
        #expect(ModelName("claude-sonnet-4-20250514").base != ModelName("claude-sonnet-4-5-20250929").base)
        #expect(table.price(for: "claude-sonnet-4-5-20250929")?.longContextRates != nil)
        #expect(table.price(for: "claude-opus-4-20250514")?.rates.input == 15)
        #expect(table.price(for: "claude-opus-4-5-20251101")?.rates.input == 5)
        #expect(table.price(for: "claude-opus-4-6")?.rates.input == 5)
        #expect(table.price(for: "claude-sonnet-4-7") == nil)
        #expect(table.price(for: "claude-opus") == nil)
    }

    @Test func ranksDecorations() {
        #expect(ModelName("claude-sonnet-4-5").decoration == .none)
        #expect(ModelName("claude-sonnet-4-5-20250929").decoration == .suffixOnly)
        #expect(ModelName("anthropic.claude-sonnet-4-5-20250929-v1:0").decoration == .providerPrefix)
        #expect(ModelName("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0").decoration == .regional)
        #expect(ModelName("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0").decoration == .regional)
        #expect(ModelName("global.anthropic.claude-haiku-4-5-20251001-v1:0").decoration == .platformPrefix)
        #expect(ModelName("bedrock/claude_platform/claude-haiku-4-5").decoration == .platformPrefix)
        #expect(ModelName("anthropic.claude-3-7-sonnet-20250219-v1:0").date == "20250219")
    }
}
