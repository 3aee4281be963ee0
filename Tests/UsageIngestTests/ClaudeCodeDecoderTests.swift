import Foundation
import TestSupport
import Testing
import UsageModel

@testable import UsageIngest

@Suite struct ClaudeCodeDecoderTests {
    static let canonical =
        #"{"parentUuid":"p","isSidechain":false,"userType":"external","cwd":"/home/alice/src/app","sessionId":"s1","version":"2.0.37","gitBranch":"main","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"hi \"there\" usage"}],"stop_reason":null,"usage":{"input_tokens":4,"cache_creation_input_tokens":1234,"cache_read_input_tokens":15000,"cache_creation":{"ephemeral_5m_input_tokens":1234,"ephemeral_1h_input_tokens":0},"output_tokens":250,"service_tier":"standard"}},"requestId":"req_01","type":"assistant","uuid":"u","timestamp":"2025-10-01T12:34:56.789Z"}"#

    static func key(_ messageID: String, _ requestID: String?) -> UInt64 {
        var hash = StableHash()
        hash.combine(messageID)
        hash.combineSeparator()
        if let requestID { hash.combine(requestID) }
        return hash.finalized
    }

    /// A decoded line with its model and working directory looked up in the decoder's tables.
    @dynamicMemberLookup
    struct Resolved: Equatable {
        var model: String
        var cwd: String?
        var line: ClaudeCodeLine

        subscript<Value>(dynamicMember path: WritableKeyPath<ClaudeCodeLine, Value>) -> Value {
            get { line[keyPath: path] }
            set { line[keyPath: path] = newValue }
        }
    }

    static let expected = Resolved(
        model: "claude-sonnet-4-5-20250929", cwd: "/home/alice/src/app",
        line: ClaudeCodeLine(
            dedupKey: key("msg_01", "req_01"),
            tokens: TokenCounts(input: 4, output: 250, cacheWrite5m: 1234, cacheWrite1h: 0, cacheRead: 15000),
            timestampMillis: 1_759_322_096_789))

    private func decode(_ text: String) -> DecodeResult<Resolved> {
        decode(Array(text.utf8))
    }

    /// The decoded line without its session and branch (``sessionAndBranchAreRead`` checks those).
    private func decode(_ bytes: [UInt8]) -> DecodeResult<Resolved> {
        var decoder = ClaudeCodeDecoder()
        switch DecodeResult(&decoder, bytes) {
        case .ignored: return .ignored
        case .rejected(let reason): return .rejected(reason)
        case .record(var line):
            // A line read for its activity alone is no usage (ClaudeCodeActivityTests checks it).
            if !line.countsUsage, line.limitResetSeconds == nil { return .ignored }
            let model = line.countsUsage ? decoder.models.strings[Int(line.modelIndex)] : ""
            let cwd = decoder.cwds[line.cwd]
            line.modelIndex = 0
            line.cwd = StringTable.none
            line.context = ClaudeCodeLine.noContext
            line.activity = ClaudeCodeLine.noActivity
            return .record(Resolved(model: model, cwd: cwd, line: line))
        }
    }

    /// A window's lines are held until they are counted: the optional values are stored as a
    /// value and a bit, and nothing but equal values compare equal.
    @Test func aLineIsSmallAndItsOptionalValuesRoundTrip() {
        #expect(MemoryLayout<ClaudeCodeLine>.stride == 104)
        var line = ClaudeCodeLine(dedupKey: 1, tokens: .zero, costUSD: 0, timestampMillis: 2)
        #expect(line.costUSD == 0 && line.limitResetSeconds == nil && line.run == nil)
        line.run = 7
        line.limitResetSeconds = -1
        #expect(line.run == 7 && line.limitResetSeconds == -1 && line.costUSD == 0)
        line.costUSD = nil
        line.run = nil
        line.limitResetSeconds = nil
        #expect(line == ClaudeCodeLine(dedupKey: 1, tokens: .zero, timestampMillis: 2))
    }

    /// The vector prefilter against a plain search: `"usage"`, or the start of an escape that
    /// could spell one of its letters (`\u004` to `\u007`), at every offset of lines of every
    /// length around the 16-byte steps, among near misses (`ge"`, `"usag`, `usage"`).
    @Test func usagePrefilterFindsTheKeyAtEveryOffset() {
        func plain(_ bytes: [UInt8]) -> Bool {
            let key = Array(#""usage""#.utf8)
            let escape = Array(#"\u00"#.utf8)
            return bytes.count >= key.count
                && (0...(bytes.count - key.count)).contains { Array(bytes[$0..<$0 + 7]) == key }
                || bytes.count >= 5
                    && (0...(bytes.count - 5)).contains {
                        Array(bytes[$0..<$0 + 4]) == escape
                            && (UInt8(ascii: "4")...UInt8(ascii: "7")).contains(bytes[$0 + 4])
                    }
        }
        func check(_ bytes: [UInt8]) {
            let found = bytes.withUnsafeBufferPointer { ClaudeCodeDecoder.mayHaveUsage($0) }
            #expect(found == plain(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
        let filler = Array(#"ge" "usag usage" message":{"x":"y"} g"#.utf8)
        for length in 0..<70 {
            let line = (0..<length).map { filler[$0 % filler.count] }
            check(line)
            for offset in 0...max(0, length - 7) where length >= 7 {
                var withKey = line
                withKey.replaceSubrange(offset..<offset + 7, with: Array(#""usage""#.utf8))
                check(withKey)
            }
        }
        for length in 5..<40 {
            for offset in 0...(length - 5) {
                var line = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                line.replaceSubrange(offset..<offset + 5, with: Array(#"\u006"#.utf8))
                check(line)
            }
        }
        var random = SeededRandom(seed: 0x5EED_0001)
        let alphabet = Array(#""usage:{}x\u0061"#.utf8)
        for _ in 0..<5000 {
            check((0..<Int.random(in: 0..<120, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
    }

    @Test func sessionAndBranchAreRead() {
        var decoder = ClaudeCodeDecoder()
        let result = DecodeResult(&decoder, Array(Self.canonical.utf8))
        guard case .record(let line) = result else {
            Issue.record("not a record: \(result)")
            return
        }
        #expect(decoder.contexts == [LineContext(sessionID: "s1", gitBranch: "main")])
        #expect(line.context == 0)
        // The same session again reuses the entry; another one adds one.
        let other = Self.canonical.replacingOccurrences(of: #""sessionId":"s1""#, with: #""sessionId":"s2""#)
        for text in [Self.canonical, other, Self.canonical] {
            _ = DecodeResult(&decoder, Array(text.utf8))
        }
        #expect(decoder.contexts.map(\.sessionID) == ["s1", "s2"])
        decoder.beginFile()
        #expect(decoder.contexts.isEmpty)
    }

    @Test func aUsageLimitNoticeGivesTheResetTimeAndIsNoRequest() {
        let notice =
            #"{"type":"assistant","timestamp":"2025-10-01T15:00:00.000Z","message":{"id":"m","model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"Claude AI usage limit reached|1759338000"}],"usage":{"input_tokens":0,"output_tokens":0}},"isApiErrorMessage":true}"#
        guard case .record(let line) = decode(notice) else {
            Issue.record("a notice is a record with the reset time")
            return
        }
        #expect(line.limitResetSeconds == 1_759_338_000)
        #expect(line.tokens == .zero)
        #expect(decode(notice.replacingOccurrences(of: "usage limit reached|1759338000", with: "hello")) == .ignored)
    }

    private func with(_ change: (inout Resolved) -> Void) -> DecodeResult<Resolved> {
        var line = Self.expected
        change(&line)
        return .record(line)
    }

    @Test func decodesTheCanonicalAssistantLine() {
        #expect(decode(Self.canonical) == .record(Self.expected))
    }

    @Test func keyOrderAndSpacingDoNotMatter() {
        // Newer Claude Code versions write `message` first; pretty-printed JSON is still one object.
        let reordered =
            #"{"message":{"usage":{"output_tokens":250,"cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":1234},"cache_read_input_tokens":15000,"cache_creation_input_tokens":1234,"input_tokens":4},"model":"claude-sonnet-4-5-20250929","id":"msg_01"},"requestId":"req_01","type":"assistant","timestamp":"2025-10-01T12:34:56.789Z","cwd":"/home/alice/src/app"}"#
        #expect(decode(reordered) == .record(Self.expected))
        let spaced =
            " { \"timestamp\" : \"2025-10-01T12:34:56.789Z\" ,\t\"cwd\" : \"/home/alice/src/app\" , \"requestId\" : \"req_01\" , \"message\" : { \"id\" : \"msg_01\" , \"model\" : \"claude-sonnet-4-5-20250929\" , \"usage\" : { \"input_tokens\" : 4 , \"output_tokens\" : 250 , \"cache_creation_input_tokens\" : 1234 , \"cache_read_input_tokens\" : 15000 } } } "
        #expect(decode(spaced) == .record(Self.expected))
    }

    @Test(arguments: [
        #"{"type":"user","message":{"role":"user","content":"hello"},"timestamp":"2025-10-01T12:00:00Z"}"#,
        #"{"type":"summary","summary":"Fix the usage parser","leafUuid":"x"}"#,
        #"{"type":"file-history-snapshot","messageId":"m","snapshot":{}}"#,
        #"{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"{\"usage\": {\"input_tokens\": 5}}"}]},"timestamp":"2025-10-01T12:00:00Z"}"#,
        #"{"type":"assistant","message":{"id":"m","model":"<synthetic>","usage":{"input_tokens":0,"output_tokens":0}},"isApiErrorMessage":true,"timestamp":"2025-10-01T12:00:00Z"}"#,
        #"{"type":"assistant","message":{"id":"m","model":"claude-haiku-4-5","usage":null},"timestamp":"2025-10-01T12:00:00Z"}"#,
        "", "   ", "usage",
    ])
    func linesWithoutUsageAreIgnored(_ line: String) {
        #expect(decode(line) == .ignored)
    }

    @Test func partialAndNullUsageCountsAsZero() {
        let line =
            #"{"message":{"id":"msg_01","model":"claude-sonnet-4-5-20250929","usage":{"output_tokens":7,"input_tokens":null}},"requestId":"req_01","timestamp":"2025-10-01T12:34:56.789Z"}"#
        #expect(
            decode(line)
                == with {
                    $0.tokens = TokenCounts(output: 7); $0.cwd = nil
                })
    }

    @Test func oneHourCacheWritesAreSplitOut() {
        let line =
            #"{"message":{"id":"msg_01","model":"claude-sonnet-4-5-20250929","usage":{"cache_creation_input_tokens":300,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200}}},"requestId":"req_01","timestamp":"2025-10-01T12:34:56.789Z"}"#
        #expect(
            decode(line)
                == with {
                    $0.tokens = TokenCounts(cacheWrite5m: 100, cacheWrite1h: 200); $0.cwd = nil
                })
    }

    @Test func flagsCostAndSpeed() {
        let line =
            #"{"isSidechain":true,"costUSD":0.0123,"message":{"id":"msg_01","model":"claude-opus-4-6","usage":{"input_tokens":1,"speed":"fast"}},"timestamp":"2025-10-01T12:34:56.789Z"}"#
        let expected = Resolved(
            model: "claude-opus-4-6", cwd: nil,
            line: ClaudeCodeLine(
                dedupKey: Self.key("msg_01", nil), tokens: TokenCounts(input: 1), costUSD: 0.0123,
                timestampMillis: 1_759_322_096_789, isSidechain: true, isFast: true))
        #expect(decode(line) == .record(expected))
    }

    @Test func missingRequestIdFallsBackToTheMessageId() {
        let without = Self.canonical.replacingOccurrences(#""requestId":"req_01","#, "")
        #expect(decode(without) == with { $0.dedupKey = Self.key("msg_01", nil) })
        let null = Self.canonical.replacingOccurrences(#""requestId":"req_01""#, #""requestId":null"#)
        #expect(decode(null) == with { $0.dedupKey = Self.key("msg_01", nil) })
    }

    @Test func escapedStringsDecodeToTheSameValues() {
        let escaped = Self.canonical
            .replacingOccurrences(
                #""model":"claude-sonnet-4-5-20250929""#, #""model":"claude-sonnet-4-5\u002d20250929""#
            )
            .replacingOccurrences(#""id":"msg_01""#, #""id":"msg\u005f01""#)
            .replacingOccurrences(#""cwd":"/home/alice/src/app""#, #""cwd":"\/home\/alice\/src\/app""#)
        #expect(decode(escaped) == .record(Self.expected))
        let quoted = Self.canonical.replacingOccurrences(
            #""cwd":"/home/alice/src/app""#, #""cwd":"/tmp/a \"b\"\\c\nd""#)
        #expect(decode(quoted) == with { $0.cwd = "/tmp/a \"b\"\\c\nd" })
        // The cache-write split's keys, escaped, are read as the plain ones are.
        let split = Self.canonical.replacingOccurrences(
            #""ephemeral_5m_input_tokens":1234,"ephemeral_1h_input_tokens":0"#,
            #""ephemeral_5m_input_tokens":234,"ephemeral_1h_input_tokens":1000"#)
        let escapedSplit = split.replacingOccurrences(#""ephemeral_5m_"#, #""ephemeral\u005f5m_"#)
            .replacingOccurrences(#""ephemeral_1h_"#, #""ephemeral_1h\u005f"#)
        #expect(
            decode(split)
                == with {
                    $0.tokens.cacheWrite5m = 234; $0.tokens.cacheWrite1h = 1000
                })
        #expect(decode(escapedSplit) == decode(split))
        // Keys with escapes are dispatched by what they decode to, at every level.
        var escapedKeys = split
        for (plain, escaped) in [
            (#""input_tokens""#, #""input\u005ftokens""#), (#""requestId""#, #""\u0072equestId""#),
            (#""timestamp""#, #""times\u0074amp""#), (#""message""#, #""m\u0065ssage""#),
            (#""usage""#, #""\u0075sage""#), (#""cache_creation""#, #""cache\u005fcreation""#),
            (#""cache_read_input_tokens""#, #""cache_read_input_token\u0073""#), (#""cwd""#, #""c\u0077d""#),
        ] {
            escapedKeys = escapedKeys.replacingOccurrences(plain, escaped)
        }
        #expect(escapedKeys != split)
        #expect(decode(escapedKeys) == decode(split))
    }

    @Test func progressLinesWrappingAMessageCount() {
        let line =
            #"{"type":"progress","timestamp":"2025-10-01T12:34:56.789Z","cwd":"/home/alice/src/app","data":{"type":"agent_progress","message":{"type":"assistant","requestId":"req_01","message":{"id":"msg_01","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":4,"output_tokens":250,"cache_creation_input_tokens":1234,"cache_read_input_tokens":15000}}}}}"#
        #expect(decode(line) == .record(Self.expected))
    }

    @Test(arguments: [
        (
            #"{"message":{"model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            RejectReason.missingField
        ),
        (
            #"{"message":{"id":"","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .missingField
        ),
        (#"{"message":{"id":"m","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"}"#, .missingField),
        (#"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}}}"#, .missingField),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"yesterday"}"#,
            .badTimestamp
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":-1}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1.5}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":"12"}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"output_tokens":99999999999}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"message":{"id":7,"model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"costUSD":"free","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .badValue
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z""#,
            .malformedJSON
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z"} trailing"#,
            .malformedJSON
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1,}},"timestamp":"2025-10-01T12:00:00Z"}"#,
            .malformedJSON
        ),
        (
            #"{"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1}},"timestamp":"2025-10-01T12:00:00Z","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
            .malformedJSON
        ),
    ])
    func rejectsWithAReason(_ line: String, _ reason: RejectReason) {
        #expect(decode(line) == .rejected(reason))
    }

    @Test func invalidUTF8InANeededFieldIsRejectedElsewhereTolerated() {
        var inModel = Array(Self.canonical.utf8)
        let modelRange = inModel.firstRange(of: Array("claude-sonnet".utf8))!
        inModel[modelRange.lowerBound + 1] = 0xFF
        #expect(decode(inModel) == .rejected(.invalidUTF8))

        var inText = Array(Self.canonical.utf8)
        let textRange = inText.firstRange(of: Array("hi ".utf8))!
        inText[textRange.lowerBound + 1] = 0xFE
        #expect(decode(inText) == .record(Self.expected))
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
