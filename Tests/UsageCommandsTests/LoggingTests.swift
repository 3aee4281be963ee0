import Foundation
import Testing
import UsageSystem

/// Issue 19: log lines as Go exporters write them: `ts=` (RFC 3339, milliseconds, UTC),
/// `caller=`, then level and message, in logfmt or JSON.
@Suite struct LoggingTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_796_126_400_123, "2026-12-01T12:00:00.123Z"),
        (1_709_164_799_999, "2024-02-28T23:59:59.999Z"),
        (1_709_164_800_005, "2024-02-29T00:00:00.005Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
    ])
    func timestampsAreRFC3339InUTCWithMilliseconds(_ millis: Int64, _ expected: String) {
        #expect(Logger.timestamp(millis) == expected)
    }

    @Test func logfmtLinesCarryTsAndCaller() {
        let logger = Logger(capture: true, clock: { 1_796_126_400_123 })
        logger.warn("disk full", ["path": "/var/lib/x y"])
        let line = #line - 1
        #expect(
            logger.captured == [
                #"ts=2026-12-01T12:00:00.123Z caller=LoggingTests.swift:\#(line) level=warn msg="disk full" path="/var/lib/x y""#
            ])
    }

    @Test func jsonLinesAreObjectsWithTheSameFields() throws {
        let logger = Logger(format: .json, capture: true, clock: { 1_796_126_400_123 })
        logger.info("listening", ["address": "127.0.0.1:10120", "odd": "a\"b\\c\nd"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(logger.captured[0].utf8)) as? [String: String])
        #expect(object["ts"] == "2026-12-01T12:00:00.123Z")
        #expect(object["caller"]?.hasPrefix("LoggingTests.swift:") == true)
        #expect(object["level"] == "info" && object["msg"] == "listening")
        #expect(object["address"] == "127.0.0.1:10120" && object["odd"] == "a\"b\\c\nd")
        #expect(logger.captured[0].hasPrefix(#"{"ts":"#))
    }
}
