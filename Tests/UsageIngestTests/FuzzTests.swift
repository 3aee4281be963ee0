import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

/// A deterministic mutation fuzzer for the line decoder and the tail: fixed seeds, bounded
/// iterations, so a failure reproduces. Every mutated line must be decoded or rejected with
/// a reason, never crash, and the good lines among them must still count.
@Suite struct FuzzTests {
    static let seeds: [String] = [
        ClaudeCodeDecoderTests.canonical,
        assistantLine(id: "msg_a", output: 17).dropLast().description,
        #"{"type":"progress","timestamp":"2025-10-01T12:34:56.789Z","data":{"message":{"requestId":"r","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":4,"output_tokens":2}}}}}"#,
        #"{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"{\"usage\": 5} \\\" \u00e9"}]}}"#,
    ]

    /// xorshift64*: the same sequence on every run and machine.
    typealias Random = SeededRandom

    static let interesting: [UInt8] =
        Array(#"{}[]":,\"0123456789-eE.tfn u"#.utf8) + [0x00, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xE9, 0xF0, 0xFF]

    static func mutate(_ line: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = line
        for _ in 0...random.below(4) {
            guard !bytes.isEmpty else { break }
            let at = random.below(bytes.count)
            switch random.below(6) {
            case 0: bytes[at] = interesting[random.below(interesting.count)]
            case 1: bytes.insert(interesting[random.below(interesting.count)], at: at)
            case 2: bytes.remove(at: at)
            case 3: bytes = Array(bytes[0..<at])
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.below(40))], at: at)
            default: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
            }
        }
        // The tail splits on newlines; a mutated line stays one line here.
        return bytes.filter { $0 != 0x0A }
    }

    @Test func mutatedLinesAreDecodedOrRejectedNeverCrash() {
        var random = Random(seed: 0x9E37_79B9_7F4A_7C15)
        var decoder = ClaudeCodeDecoder()
        var outcomes: [String: Int] = [:]
        for iteration in 0..<60_000 {
            let seed = Array(Self.seeds[iteration % Self.seeds.count].utf8)
            let line = Self.mutate(seed, &random)
            let result = DecodeResult(&decoder, line)
            switch result {
            case .ignored: outcomes["ignored", default: 0] += 1
            case .rejected(let reason): outcomes[reason.rawValue, default: 0] += 1
            case .record(let record):
                outcomes["record", default: 0] += 1
                // A record's counts are within the bounds the decoder promises.
                #expect(record.tokens.input <= UInt64(UInt32.max) && record.tokens.output <= UInt64(UInt32.max))
            }
        }
        // The mutations reach every kind of outcome, so the decoder's paths are all exercised.
        for outcome in [
            "ignored", "record", "malformed_json", "missing_field", "bad_value", "bad_timestamp", "invalid_utf8",
        ] {
            #expect(outcomes[outcome, default: 0] > 0, "no \(outcome) in \(outcomes)")
        }
        #expect(outcomes.values.reduce(0, +) == 60_000)
    }

    @Test func aFileOfMutatedLinesLosesNoGoodLine() {
        var random = Random(seed: 42)
        let tree = TempTree()
        var text = ""
        var good = 0
        for index in 0..<3000 {
            if index % 3 == 0 {
                text += assistantLine(id: "good-\(index)", output: 1)
                good += 1
            } else {
                let seed = Array(Self.seeds[index % Self.seeds.count].utf8)
                text += String(decoding: Self.mutate(seed, &random), as: UTF8.self) + "\n"
            }
        }
        tree.write("projects/-fuzz/s.jsonl", text)
        let source = ClaudeCodeSource(
            roots: [tree.root], maxLineBytes: 4096, projectLabels: .name, logger: Logger(capture: true))
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        let health = ledger.counters.health["claude_code"]!
        #expect(health.linesRead == 3000)
        // Every good line counted; whatever the mutations made of the rest is counted or rejected.
        let requests = ledger.counters.totals.reduce(0) { $0 + $1.requests }
        #expect(requests >= UInt64(good))
        let goodOutput = ledger.counters.seriesKeys.indices.filter {
            ledger.counters.seriesKeys[$0].model == "claude-sonnet-4-5-20250929"
        }
        .reduce(UInt64(0)) { $0 + ledger.counters.totals[$1].tokens.output }
        #expect(goodOutput >= UInt64(good))
        #expect(health.rejectedTotal > 0)
    }
}
