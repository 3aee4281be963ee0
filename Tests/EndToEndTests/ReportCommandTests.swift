import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

@testable import UsageCommands

/// `llm-usage-exporter report`: the same numbers as the counters, in three formats.
@Suite(.serialized) struct ReportCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        runCommand(["report"] + arguments)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func totalsEqualTheExportersCounters() throws {
        let fixture = try EndToEndTests.Fixture(megabytes: 0.5, seed: 4)
        var options = ExporterOptions()
        options[source: "claude_code"].paths = [fixture.tree.root]
        options[source: "codex"].enabled = false
        let once = String(
            decoding: try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce(),
            as: UTF8.self)
        let samples = ExpositionSample.parse(once)
        let cost = samples.filter { $0.name == "llm_usage_cost_usd_total" }.reduce(0) { $0 + $1.value }
        let output = samples.filter { $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output" }
            .reduce(0) { $0 + $1.value }
        let requests = samples.filter { $0.name == "llm_usage_requests_total" }.reduce(0) { $0 + $1.value }
        for kind in ["daily", "weekly", "monthly"] {
            let result = run([
                kind, "--format=json", "--group-by=model", "--source.claude-code", fixture.tree.root,
                "--no-source.codex",
                "--state.dir=",
            ])
            #expect(result.status == 0, "\(result.err)")
            let report = try json(result.out)
            let totals = try #require(report["totals"] as? [String: Any])
            #expect(abs((totals["cost_usd"] as? Double ?? -1) - cost) < 1e-9 * max(1, cost), "\(kind)")
            #expect(totals["output"] as? Double == output, "\(kind)")
            #expect(totals["requests"] as? Double == requests, "\(kind)")
            let rows = try #require(report["rows"] as? [[String: Any]])
            #expect(!rows.isEmpty)
            // The documented schema.
            #expect(
                Set(rows[0].keys) == [
                    "period", "model", "input", "output", "cache_creation", "cache_read", "total_tokens", "cost_usd",
                    "requests",
                ])
            let summed = rows.reduce(0.0) { $0 + ($1["cost_usd"] as? Double ?? 0) }
            #expect(abs(summed - cost) < 1e-9 * max(1, cost))
        }
        let csv = run([
            "daily", "--format=csv", "--source.claude-code", fixture.tree.root, "--no-source.codex", "--state.dir=",
        ])
        let lines = csv.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(
            lines[0].map(String.init) == [
                "period", "input", "output", "cache_creation", "cache_read", "total_tokens", "cost_usd", "requests",
            ])
        #expect(lines.allSatisfy { $0.count == 8 })
        #expect(lines.last?.first == "total")
        #expect(Double(lines.last![7]) == requests)
    }

    @Test func daysFollowTheReportsTimeZoneAndTheDateFilters() throws {
        let tree = TempTree()
        // 23:30 and 00:15 in New York (-5): two days there, one day in UTC.
        tree.write(
            "claude/projects/-p/s.jsonl",
            assistantLine(id: "a", output: 1, timestamp: "2025-03-06T04:30:00.000Z")
                + assistantLine(id: "b", output: 10, timestamp: "2025-03-06T05:15:00.000Z"))
        let common = ["--source.claude-code", tree.path("claude"), "--no-source.codex", "--state.dir=", "--format=csv"]
        let newYork = run(["daily", "--time-zone=America/New_York"] + common).out.split(separator: "\n")
        #expect(newYork.filter { $0.hasPrefix("2025-") }.map { $0.prefix(10) } == ["2025-03-05", "2025-03-06"])
        let utc = run(["daily", "--time-zone=UTC"] + common).out.split(separator: "\n")
        #expect(utc.filter { $0.hasPrefix("2025-") }.map { $0.prefix(10) } == ["2025-03-06"])
        let filtered = run(
            ["daily", "--time-zone=America/New_York", "--since=2025-03-06", "--until=2025-03-06"] + common)
        let rows = filtered.out.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[1].hasPrefix("2025-03-06,10,10,0,0,20,"))
        #expect(run(["daily", "--since=2025-02-30"] + common).status == 2)
        #expect(run(["yearly"] + common).status == 2)
        #expect(run(["daily", "--group-by=colour"] + common).status == 2)
    }

    @Test func aReportReadsTheSavedStateWhenTheFilesAreGone() throws {
        let tree = TempTree()
        tree.write("claude/projects/-p/s.jsonl", assistantLine(id: "a", output: 7) + assistantLine(id: "b", output: 5))
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.path("claude")]
        options[source: "codex"].enabled = false
        options.stateDir = tree.path("state")
        options.pollIntervalMillis = 50
        let running = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        _ = EndToEndTests.waitUntil(seconds: 10) { httpGet(port: running.ports[0], "/-/ready")?.status == 200 }
        running.stop()
        tree.remove("claude/projects/-p/s.jsonl")
        let result = run([
            "monthly", "--format=json", "--source.claude-code", tree.path("claude"), "--no-source.codex",
            "--state.dir=" + tree.path("state"),
        ])
        let totals = try #require(try json(result.out)["totals"] as? [String: Any])
        #expect(totals["output"] as? Double == 12)
        #expect(totals["requests"] as? Double == 2)
        // The state file was read, not changed.
        #expect(FileManager.default.fileExists(atPath: tree.path("state/state.bin")))

        let sessions = run([
            "session", "--format=json", "--source.claude-code", tree.path("claude"), "--no-source.codex",
            "--state.dir=" + tree.path("state"),
        ])
        let rows = try #require(try json(sessions.out)["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["session_id"] as? String == "s")
        #expect(rows.first?["requests"] as? Double == 2)
        let sessionTotals = try #require(try json(sessions.out)["totals"] as? [String: Any])
        #expect(sessionTotals["requests"] as? Double == 2)
    }

    @Test func blocksAreListedOldestFirstWithTheActiveOneMarked() throws {
        let tree = TempTree()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = Date()
        func stamp(_ minutesAgo: Double) -> String { formatter.string(from: now.addingTimeInterval(-minutesAgo * 60)) }
        // Two requests nine hours ago, then one ten minutes ago: more than five hours apart.
        tree.write(
            "claude/projects/-p/s.jsonl",
            assistantLine(id: "a", input: 100, output: 1, timestamp: stamp(540))
                + assistantLine(id: "b", input: 100, output: 2, timestamp: stamp(530))
                + assistantLine(id: "c", input: 100, output: 4, timestamp: stamp(10)))
        let result = run([
            "blocks", "--format=json", "--source.claude-code", tree.path("claude"), "--no-source.codex", "--state.dir=",
        ])
        let rows = try #require(try json(result.out)["rows"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.map { $0["active"] as? Bool } == [false, true])
        #expect(rows.map { $0["total_tokens"] as? Double } == [203, 104])
        // Starts are floored to the hour and blocks last five hours.
        let start = try #require(rows.last?["start"] as? String)
        #expect(start.hasSuffix(":00:00Z"))
        let begin = try #require(formatter.date(from: start.replacingOccurrences(of: "Z", with: ".000Z")))
        let end = try #require(
            formatter.date(from: (rows.last?["end"] as? String ?? "").replacingOccurrences(of: "Z", with: ".000Z")))
        #expect(end.timeIntervalSince(begin) == 5 * 3600)
    }

    @Test func aReportFromADateSkipsFilesLastChangedBeforeIt() throws {
        let tree = TempTree()
        tree.write(
            "claude/projects/-p/new.jsonl", assistantLine(id: "a", output: 1, timestamp: "2025-03-06T12:00:00.000Z"))
        // A file last changed long before the date cannot hold its lines: this one claims to,
        // which shows it is not read.
        tree.write(
            "claude/projects/-p/old.jsonl", assistantLine(id: "b", output: 10, timestamp: "2025-03-06T13:00:00.000Z"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
            ofItemAtPath: tree.path("claude/projects/-p/old.jsonl"))
        let common = [
            "--source.claude-code", tree.path("claude"), "--no-source.codex", "--state.dir=", "--format=json",
            "--time-zone=UTC",
        ]
        func output(_ extra: [String]) throws -> Double? {
            let report = try json(run(["daily"] + extra + common).out)
            return (report["totals"] as? [String: Any])?["output"] as? Double
        }
        #expect(try output([]) == 11)
        #expect(try output(["--since=2025-03-01"]) == 1)
    }
}
