import Foundation
import TestSupport
import Testing
import UsageModel

@testable import UsageIngest

/// A prefilter that searches for a key's raw bytes lets through every line that may spell one
/// of its letters as an escape.
@Suite struct LetterEscapesTests {
    private func plain(_ bytes: [UInt8]) -> Bool {
        let prefix = Array(#"\u00"#.utf8)
        guard bytes.count >= 5 else { return false }
        return (0...(bytes.count - 5)).contains {
            Array(bytes[$0..<$0 + 4]) == prefix && (UInt8(ascii: "4")...UInt8(ascii: "7")).contains(bytes[$0 + 4])
        }
    }

    private func check(_ bytes: [UInt8]) {
        let found = bytes.withUnsafeBufferPointer { LetterEscapes.mayHide($0) }
        #expect(found == plain(bytes), "\(String(decoding: bytes, as: UTF8.self))")
    }

    /// At every offset of lines of every length around the 16-byte steps, among near misses:
    /// control characters (`\u001b`), HTML-safe escapes (`\u003c`) and other scripts (`\u00e9`).
    @Test func findsALetterEscapeAtEveryOffset() {
        let filler = Array(#"\u001b \u003c\u00e9 u00 \u0 \\u"#.utf8)
        for length in 0..<70 {
            let line = (0..<length).map { filler[$0 % filler.count] }
            check(line)
            for offset in 0...max(0, length - 6) where length >= 6 {
                for escape in [#"\u0061"#, #"\u005f"#, #"\u0041"#, #"\u0075"#, #"\u0031"#, #"\u0080"#] {
                    var withEscape = line
                    withEscape.replaceSubrange(offset..<offset + 6, with: Array(escape.utf8))
                    check(withEscape)
                }
            }
        }
        var random = SeededRandom(seed: 0x5EED_0002)
        let alphabet = Array(#"\u0012345678a""#.utf8)
        for _ in 0..<5000 {
            check((0..<Int.random(in: 0..<120, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
    }

    /// Counting usage alone, a usage key spelled with an escape is read, not dismissed.
    @Test func aUsageKeyWithAnEscapeIsReadCountingUsageAlone() throws {
        let plain =
            #"{"type":"assistant","message":{"id":"m1","model":"claude-haiku-4-5","usage":{"input_tokens":3,"output_tokens":5}},"requestId":"r1","timestamp":"2025-10-01T12:00:00Z"}"#
        let escaped = plain.replacingOccurrences(of: #""usage""#, with: #""us\u0061ge""#)
        #expect(escaped != plain)
        func decode(_ text: String) -> ClaudeCodeLine? {
            var decoder = ClaudeCodeDecoder(countsActivity: false)
            let bytes = Array(text.utf8)
            return try? bytes.withUnsafeBufferPointer { buffer throws(RejectReason) in try decoder.decode(buffer) }
        }
        let expected = try #require(decode(plain))
        #expect(expected.tokens.output == 5)
        #expect(decode(escaped) == expected)
    }
}
