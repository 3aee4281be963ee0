import Foundation
import TestSupport
import Testing
import UsageSystem

/// Reproduction 10: with `ulimit -n 48` and 45 idle clients, `accept` failed with EMFILE, the
/// listener stayed readable and the loop spun at 100 % of a core.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DescriptorExhaustionTests {
    /// User and system CPU seconds of a process, from /proc.
    private func cpuSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // Fields 14 and 15 (utime, stime), counted from the state field (3).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func runningOutOfDescriptorsBacksOffAndStillServesAScrape() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let port = UInt16(20_000 + Int(getpid() % 20_000))
        let log = tree.path("exporter.log")
        let process = try ProcessRunner.start(
            "/bin/sh",
            [
                "-c",
                "ulimit -n 48; exec \"$0\" --web.listen-address=127.0.0.1:\(port) --source.claude-code=\"$1\" --state.dir=",
                binary, tree.root,
            ],
            log: log)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var ready = false
        for _ in 0..<100 where !ready {
            ready = httpGet(port: port, "/-/ready")?.status == 200
            if !ready { usleep(50_000) }
        }
        try #require(ready, "the exporter did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        // 45 idle clients: more than the descriptors left.
        let idle = (0..<45).compactMap { _ in TestClient(port: port) }
        #expect(idle.count == 45)
        usleep(300_000)
        let before = try #require(cpuSeconds(process.processIdentifier))
        usleep(2_000_000)
        let after = try #require(cpuSeconds(process.processIdentifier))
        #expect(after - before < 0.3, "\(after - before) s of CPU in 2 s while out of descriptors")
        // A scrape still gets through: the idlest connection is shed for it.
        let started = Clock.monotonicMillis()
        let scrape = httpGet(port: port, "/metrics")
        #expect(scrape?.status == 200)
        #expect(scrape?.body.contains("token_type=\"output\"} 5\n") == true)
        #expect(Clock.monotonicMillis() - started < 1000)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("Too many open files; shedding the idlest connection"), "\(text)")
    }
}
