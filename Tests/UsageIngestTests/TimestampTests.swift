import Testing
import UsageIngest

@Suite struct TimestampTests {
    private func parse(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { ISO8601Timestamp.parseMillis($0) }
    }

    @Test(arguments: [
        ("2025-10-01T12:34:56.789Z", Int64(1_759_322_096_789)),
        ("2025-10-01T12:34:56Z", 1_759_322_096_000),
        ("2025-10-01T12:34:56.789123Z", 1_759_322_096_789),
        ("2025-10-01T12:34:56.7Z", 1_759_322_096_700),
        ("2024-02-29T23:59:59.999999Z", 1_709_251_199_999),
        ("2025-10-01T14:34:56.789+02:00", 1_759_322_096_789),
        ("2025-10-01T07:34:56-0500", 1_759_322_096_000),
        ("2025-10-01t12:34:56z", 1_759_322_096_000),
        ("2025-10-01 12:34:56Z", 1_759_322_096_000),
        ("1970-01-01T00:00:00Z", 0),
        ("2025-10-01T12:34:56", 1_759_322_096_000),
    ])
    func parses(_ text: String, _ millis: Int64) {
        #expect(parse(text) == millis)
    }

    @Test(arguments: [
        "", "garbage", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-10-01T24:00:00Z", "2025-10-01T12:60:00Z",
        "2025-10-01T12:34:56.Z", "2025-10-01T12:34:56+5", "2025-10-01T12:34:56Zjunk", "2025/10/01T12:34:56Z",
        "20251001T123456Z",
    ])
    func refuses(_ text: String) {
        #expect(parse(text) == nil)
    }

    /// Read through one ``ISO8601Timestamp/Minute`` in turn, every time gives what it gives
    /// alone: a time of the minute before, one with another zone or seconds, or a malformed
    /// one with the same first sixteen bytes, and a first time of sixteen NUL bytes.
    @Test func theMinuteOfTheLastTimeChangesNoResult() {
        let times = [
            "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0:00Z",
            "2025-10-01T12:34:56.789Z", "2025-10-01T12:34:57Z", "2025-10-01T12:34:56+02:00", "2025-10-01T12:34:61Z",
            "2025-10-01T12:34:5", "2025-10-01T12:34", "2025-10-01T12:34:00.000Z", "2025-10-01T12:35:00Z",
            "2025-10-01T12:34:59.999Z", "2025-02-29T12:34:00Z", "2025-02-29T12:34:00Z", "2024-02-29T12:34:00Z",
        ]
        var minute = ISO8601Timestamp.Minute()
        for text in times {
            let cached = Array(text.utf8).withUnsafeBufferPointer { ISO8601Timestamp.parseMillis($0, minute: &minute) }
            #expect(cached == parse(text), "\(text.debugDescription)")
        }
    }
}
