import Foundation
import TestSupport
import Testing
import UsageModel
import UsageRuntime
import UsageSystem

/// Issue 18: every activity family equals an independent count (scripts/independent-count-
/// activity.py, Python's json module, the same dedup rules) on a tree with every kind of
/// activity and on the real transcripts; usage stays what it was with the families off; and a
/// state from a build before them reads the transcripts once more and counts nothing twice.
@Suite struct ActivityTests {
    static let families: Set<String> = [
        "llm_usage_tool_uses_total", "llm_usage_tool_results_total", "llm_usage_code_lines_total",
        "llm_usage_api_errors_total", "llm_usage_prompts_total", "llm_usage_sessions_started_total",
        "llm_usage_agent_tokens_total",
    ]

    /// Sorted `label=value` pairs without the source's labels, as the Python count keys them.
    private static func key(_ labels: [String: String]) -> String {
        labels.filter { $0.key != "source" && $0.key != "user" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func exported(_ text: String) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for sample in ExpositionSample.parse(text) where families.contains(sample.name) {
            result[sample.name, default: [:]][key(sample.labels), default: 0] += sample.value
        }
        return result
    }

    static func independent(_ roots: [String]) throws -> [String: [String: Double]] {
        let python = try #require(ProcessRunner.which("python3"))
        let counted = try ProcessRunner.run(
            python, [TestPaths.packageRoot + "/scripts/independent-count-activity.py"] + roots)
        try #require(counted.status == 0, "\(counted.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: [String: Double]])
        return json.mapValues { entries in
            var sorted: [String: Double] = [:]
            for (labels, value) in entries {
                let pairs = labels.split(separator: ",").map(String.init).sorted()
                sorted[pairs.joined(separator: ","), default: 0] += value
            }
            return sorted
        }
    }

    private func render(_ roots: [String], activity: Bool = true, stateDir: String = "") throws -> String {
        var options = ExporterOptions()
        options[source: "claude_code"].paths = roots
        options[source: "codex"].enabled = false
        options.stateDir = stateDir
        options.user = "dev"
        options.countsActivity = activity
        return String(
            decoding: try Exporter(options: options, environment: [:], logger: Logger(capture: true)).renderOnce(),
            as: UTF8.self)
    }

    private func total(
        _ text: String, _ name: String, where match: (ExpositionSample) -> Bool = { _ in true }
    )
        -> Double
    {
        ExpositionSample.parse(text).filter { $0.name == name && match($0) }.reduce(0) { $0 + $1.value }
    }

    @Test func everyFamilyEqualsTheIndependentCount() throws {
        let tree = TempTree()
        ActivityFixtures.write(tree)
        let text = try render([tree.root])
        let exported = Self.exported(text)
        #expect(exported == (try Self.independent([tree.root])))
        // What the tree holds, by hand: copies in the resumed session count once.
        #expect(exported["llm_usage_tool_uses_total"]?["tool=Bash"] == 1)
        #expect(exported["llm_usage_tool_uses_total"]?["mcp_server=linear-server,tool=mcp"] == 1)
        #expect(exported["llm_usage_tool_uses_total"]?["skill=pdf,tool=Skill"] == 1)
        #expect(exported["llm_usage_tool_uses_total"]?["tool=Read"] == 2)
        #expect(exported["llm_usage_tool_results_total"]?["outcome=rejected,tool=Write"] == 1)
        #expect(exported["llm_usage_tool_results_total"]?["mcp_server=linear-server,outcome=error,tool=mcp"] == 1)
        #expect(exported["llm_usage_code_lines_total"] == ["change=added": 7, "change=removed": 1])
        #expect(exported["llm_usage_api_errors_total"] == ["kind=overloaded": 1, "kind=rate_limit": 1])
        #expect(exported["llm_usage_prompts_total"] == ["": 2])
        #expect(exported["llm_usage_sessions_started_total"] == ["": 2])
        #expect(exported["llm_usage_agent_tokens_total"]?["agent=Explore,token_type=input"] == 7)
        #expect(exported["llm_usage_agent_tokens_total"]?["agent=subagent,token_type=input"] == 7)
        // Cost by agent adds up to the cost.
        let cost = total(text, "llm_usage_cost_usd_total")
        #expect(cost > 0)
        #expect(abs(total(text, "llm_usage_agent_cost_usd_total") - cost) < 1e-9)
        #expect(text.contains(#"llm_usage_agent_cost_usd_total{source="claude_code",user="dev",agent="Explore"}"#))
    }

    /// The real transcripts of ../shared/real-logs, each set a config root.
    @Test func theRealTranscriptsEqualTheIndependentCount() throws {
        let directory = RealLogsTests.directory
        let tree = TempTree()
        var roots: [String] = []
        for set in RealLogsTests.sets where set.hasPrefix("C") {
            let root = directory + "/" + set
            let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            for file in files where file.hasSuffix(".gz") {
                let compressed = try #require(FileManager.default.contents(atPath: root + "/" + file))
                tree.write(set + "/" + String(file.dropLast(3)), try #require(gunzipSingleMember([UInt8](compressed))))
            }
            roots.append(tree.path(set))
        }
        try #require(roots.count >= 3)
        let text = try render(roots)
        let exported = Self.exported(text)
        #expect(exported == (try Self.independent(roots)))
        #expect((exported["llm_usage_tool_uses_total"]?.count ?? 0) >= 10)
        #expect((exported["llm_usage_code_lines_total"]?["change=added"] ?? 0) > 1000)
        #expect(abs(total(text, "llm_usage_agent_cost_usd_total") - total(text, "llm_usage_cost_usd_total")) < 1e-6)
    }

    @Test func withoutActivityTheUsageIsTheSame() throws {
        let tree = TempTree()
        ActivityFixtures.write(tree)
        let with = try render([tree.root])
        let without = try render([tree.root], activity: false)
        for family in Self.families.union(["llm_usage_agent_cost_usd_total"]) {
            #expect(!without.contains(family), "\(family)")
        }
        let usage = ["llm_usage_cost_usd_total", "llm_usage_tokens_total", "llm_usage_requests_total"]
        for name in usage {
            #expect(total(with, name) == total(without, name), "\(name)")
            #expect(total(with, name) > 0)
        }
    }

    /// A state saved by a build without activity (its section taken out): the transcripts are
    /// read once more, activity is complete, usage is not counted twice, and the next start
    /// reads nothing again.
    @Test func aStateFromBeforeActivityReadsTheTranscriptsOnce() throws {
        let tree = TempTree()
        ActivityFixtures.write(tree, time: "2025-10-01T12:00:00.000Z")
        let stateDir = tree.path("state")
        let fresh = try render([tree.path("projects")], stateDir: stateDir)

        let store = StateStore(directory: stateDir)
        let (version, payload) = try StateStore.unwrap(try #require(try store.load()))
        let saved = try StateSections(reading: payload)
        var older = StateSections()
        for tag in saved.tags where tag != ActivityLedger.section {
            older.add(tag) { $0.write(raw: saved.bytes(tag)!) }
        }
        #expect(version == StateStore.version)
        try store.save(older.payload)
        // New since that save, each line twice: the pass that reads for activity counts them once.
        let new = ActivityFixtures.session("s3", prefix: "n-", time: "2025-10-02T12:00:00.000Z")
        tree.write("projects/-home-dev-src-app/s3.jsonl", (new + new).joined())
        let complete = try render([tree.path("projects")])

        let upgraded = try render([tree.path("projects")], stateDir: stateDir)
        // Read once more: the lines read are the first run's and all of them again.
        #expect(
            total(upgraded, "llm_usage_lines_read_total")
                == total(fresh, "llm_usage_lines_read_total") + total(complete, "llm_usage_lines_read_total"))
        #expect(Self.exported(upgraded) == Self.exported(complete))
        #expect(Self.exported(upgraded) != Self.exported(fresh))
        for name in ["llm_usage_cost_usd_total", "llm_usage_tokens_total", "llm_usage_requests_total"] {
            #expect(total(upgraded, name) == total(complete, name), "\(name)")
        }
        let again = try render([tree.path("projects")], stateDir: stateDir)
        #expect(Self.exported(again) == Self.exported(complete))
        #expect(total(again, "llm_usage_lines_read_total") == total(upgraded, "llm_usage_lines_read_total"))
    }

    /// A state saved with activity off keeps none, so turning it on reads the transcripts for it.
    @Test func turningActivityOnLaterCountsTheHistory() throws {
        let tree = TempTree()
        ActivityFixtures.write(tree)
        let stateDir = tree.path("state")
        let fresh = try render([tree.path("projects")])
        let off = try render([tree.path("projects")], activity: false, stateDir: stateDir)
        #expect(Self.exported(off)["llm_usage_tool_uses_total"] == nil)
        let on = try render([tree.path("projects")], stateDir: stateDir)
        #expect(Self.exported(on) == Self.exported(fresh))
        #expect(total(on, "llm_usage_requests_total") == total(fresh, "llm_usage_requests_total"))
    }
}
