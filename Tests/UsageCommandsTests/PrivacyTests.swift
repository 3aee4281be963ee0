import Foundation
import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

/// No prompt text, message content, request id or message id reaches a label, a log line
/// or the landing page.
@Suite(.timeLimit(.minutes(1))) struct PrivacyTests {
    @Test func contentAndIdsStayOutOfEveryOutput() throws {
        let tree = TempTree()
        let secret = "SECRET-PROMPT-TEXT"
        tree.write(
            "projects/-home-u-app/s.jsonl",
            #"{"type":"user","message":{"role":"user","content":"\#(secret) user"}}"# + "\n"
                + #"{"message":{"id":"msg_SECRETID","model":"claude-unknown-x","content":[{"type":"text","text":"\#(secret) answer"}],"usage":{"input_tokens":1,"output_tokens":2}},"requestId":"req_SECRETREQ","timestamp":"2025-10-01T12:00:00Z","cwd":"/home/u/app"}"#
                + "\n"
                + #"{"message":{"id":"msg_SECRETID2","model":"claude-haiku-4-5","content":"\#(secret)","usage":{"input_tokens":-1}},"timestamp":"2025-10-01T12:00:00Z"}"#
                + "\n")
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options.stateDir = ""
        options.logLevel = .debug
        let logger = Logger(level: .debug, capture: true)
        let running = try Exporter(options: options, environment: [:], logger: logger).start()
        defer { running.stop() }
        let port = running.ports[0]
        for _ in 0..<200 where httpGet(port: port, "/-/ready")?.status != 200 { usleep(25_000) }
        let metrics = try #require(httpGet(port: port, "/metrics")).body
        let landing = try #require(httpGet(port: port, "/")).body
        // The lines were read: an unpriced model and a rejected line, both logged.
        #expect(
            metrics.contains("llm_usage_unpriced_requests_total{source=\"claude_code\",model=\"claude-unknown-x\"} 1"))
        #expect(logger.captured.contains { $0.contains("reason=bad_value") })
        for output in [metrics, landing, logger.captured.joined(separator: "\n")] {
            #expect(!output.contains("SECRET"))
        }
    }
}
