import TestSupport
import Testing
import UsageModel

@testable import UsageExposition

@Suite struct GzipTests {
    @Test func partsDeflatedApartMakeOneGzipMember() throws {
        var random = SeededRandom(seed: 0x5EED_0002)
        let text = Array(
            String(repeating: "llm_usage_tokens_total{model=\"m\",token_type=\"output\"} 42\n", count: 3000).utf8)
        let noise = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let parts: [[UInt8]] = [text, [], noise, Array("tail\n".utf8), [0]]
        let deflated = try parts.map { try #require(Gzip.deflate($0)) }
        #expect(deflated[0].bytes.count < text.count / 10)
        #expect(deflated[1].bytes.isEmpty && deflated[1].count == 0)
        let body = Gzip.body(deflated).flatMap { $0 }
        #expect(gunzipSingleMember(body) == parts.flatMap { $0 })
        // Any order and any subset joins the same way.
        let some = [deflated[3], deflated[0]]
        #expect(gunzipSingleMember(Gzip.body(some).flatMap { $0 }) == parts[3] + parts[0])
        #expect(gunzipSingleMember(Gzip.body([]).flatMap { $0 }) == [])
    }

    @Test func aCorruptedStreamIsRefusedByTheChecker() throws {
        let deflated = try #require(Gzip.deflate(Array("some exposition text\n".utf8)))
        var body = Gzip.body([deflated]).flatMap { $0 }
        body[body.count - 6] ^= 0xFF
        #expect(gunzipSingleMember(body) == nil)
    }
}
