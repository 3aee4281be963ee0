import Foundation
import TestSupport
import Testing
import UsageModel
import UsageRuntime

/// Upgrades keep the state: a state file an earlier build wrote of the committed fixture tree
/// (`Fixtures/state-upgrade`, made by `scripts/make-state-fixture.sh`) is restored by this
/// build, and counting continues from it, also for files deleted since, which only the state
/// remembers. Every format a release wrote stays here, read by every later build.
@Suite(.serialized) struct StateUpgradeTests {
    static let fixtures = TestPaths.packageRoot + "/Tests/EndToEndTests/Fixtures/state-upgrade"
    /// The states kept: format 3 by commit 1a27b61 (the last before sections), format 4 by the
    /// build that introduced it.
    static let states = ["state-v3.bin", "state-v4.bin"]
    /// Files deleted after the state was saved (Claude Code removes old transcripts).
    static let deleted = [
        "claude/projects/-home-dev-src-docs/093f85d1-0003.jsonl", "codex/sessions/2025/09/01/rollout-0.jsonl",
        "codex/archived_sessions/rollout-4.jsonl", "ci/token-usage-202508.jsonl", "apps/usage-2.jsonl",
    ]

    /// `--once` over `tree` (laid out as the fixture) with `stateDir` ("" for none).
    static func once(_ tree: TempTree, stateDir: String) throws -> (text: String, err: String) {
        let run = runCommand([
            "--once", "--state.dir=\(stateDir)", "--source.claude-code=\(tree.path("claude"))",
            "--source.codex=\(tree.path("codex"))", "--source.team-usage=\(tree.path("ci/token-usage-*.jsonl"))",
            "--source.prompt-audit=\(tree.path("ci/prompt-audit-*.jsonl"))",
            "--source.events=\(tree.path("apps/*.jsonl"))", "--time-zone=UTC",
            // The fixture states were saved by builds before the user label.
            "--label.user=",
        ])
        try #require(run.status == 0, "\(run.err)")
        return (run.out, run.err)
    }

    /// The usage counters of an exposition: tokens and requests per series, exactly.
    static func usage(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for sample in ExpositionSample.parse(text)
        where ["llm_usage_tokens_total", "llm_usage_requests_total", "llm_usage_cache_lookups_total"].contains(
            sample.name)
        {
            let labels = sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            values[sample.name + "{" + labels.joined(separator: ",") + "}"] = sample.value
        }
        return values
    }

    /// The fixture tree copied, without `skipping`.
    static func copyTree(skipping: [String] = []) throws -> TempTree {
        let tree = TempTree()
        let source = fixtures + "/tree"
        let files = FileManager.default.enumerator(atPath: source)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".jsonl") && !skipping.contains(file) {
            tree.write(file, [UInt8](try Data(contentsOf: URL(fileURLWithPath: source + "/" + file))))
        }
        return tree
    }

    @Test(arguments: StateUpgradeTests.states)
    func aSavedStateIsRestoredAndCountingContinues(_ state: String) throws {
        // What the whole tree counts, without a state.
        let full = try Self.copyTree()
        let expected = Self.usage(try Self.once(full, stateDir: "").text)
        #expect(expected.count > 50)
        // The saved state over the tree with some files deleted since.
        let tree = try Self.copyTree(skipping: Self.deleted)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + state)))
        tree.write("state/state.bin", bytes)
        let first = try Self.once(tree, stateDir: tree.path("state"))
        // Used, not moved aside: the deleted files' usage below comes from it alone.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: tree.path("state")).sorted() == ["lock", "state.bin"])
        let restored = Self.usage(first.text)
        #expect(restored == expected, "\(Self.difference(restored, expected))")
        // Saved again in this build's format, and counting goes on: one new request adds.
        let saved = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tree.path("state/state.bin"))))
        #expect(try StateStore.unwrap(saved).version == StateError.currentFormat)
        tree.write(
            "claude/projects/-home-dev-src-docs/new-session.jsonl",
            assistantLine(id: "upgrade-1", model: "claude-sonnet-4-5-20250929", input: 7, output: 11))
        let second = Self.usage(try Self.once(tree, stateDir: tree.path("state")).text)
        let key =
            "llm_usage_requests_total{model=claude-sonnet-4-5-20250929,project=docs,provider=anthropic,source=claude_code}"
        #expect(second[key] == (expected[key] ?? 0) + 1, "\(second[key] ?? -1) vs \(expected[key] ?? -1)")
        var others = second
        others[key] = expected[key]
        for type in ["input", "output"] {
            let tokens =
                "llm_usage_tokens_total{model=claude-sonnet-4-5-20250929,project=docs,provider=anthropic,source=claude_code,token_type=\(type)}"
            others[tokens] = expected[tokens]
        }
        #expect(others.filter { expected[$0.key] != $0.value }.isEmpty)
    }

    /// Reproduction 8: `--once` without the state dropped the counters of deleted files (a
    /// counter reset to Prometheus); with it, a run after deletions shows the same totals.
    @Test func onceKeepsCountersWhenTranscriptsAreDeleted() throws {
        let tree = try Self.copyTree()
        let before = Self.usage(try Self.once(tree, stateDir: tree.path("state")).text)
        for file in Self.deleted { tree.remove(file) }
        let after = Self.usage(try Self.once(tree, stateDir: tree.path("state")).text)
        #expect(after == before, "\(Self.difference(after, before))")
        // Without a state the deleted files' usage is gone: what the state prevents.
        let stateless = Self.usage(try Self.once(tree, stateDir: "").text)
        #expect(stateless.values.reduce(0, +) < before.values.reduce(0, +))
    }

    /// A state from a later format is refused with a clear message and left as it is.
    @Test func aLaterFormatIsRefusedAndLeftInPlace() throws {
        let tree = try Self.copyTree()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/state-v4.bin")))
        bytes[8] = UInt8(StateError.currentFormat + 1)
        tree.write("state/state.bin", bytes)
        let run = runCommand([
            "--once", "--state.dir=\(tree.path("state"))", "--source.claude-code=\(tree.path("claude"))",
        ])
        #expect(run.status != 0)
        #expect(
            run.err.contains(
                "state.bin: the state is in format \(StateError.currentFormat + 1), written by a later llm-usage-exporter"
            ),
            "\(run.err)")
        #expect(run.err.contains("it is left as it is"))
        let kept = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tree.path("state/state.bin"))))
        #expect(kept == bytes)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: tree.path("state")).sorted() == ["lock", "state.bin"])
    }

    static func difference(_ got: [String: Double], _ expected: [String: Double]) -> String {
        let keys = Set(got.keys).union(expected.keys).filter { got[$0] != expected[$0] }.sorted()
        return keys.prefix(8).map { "\($0): \(got[$0] ?? -1) expected \(expected[$0] ?? -1)" }.joined(separator: "\n")
    }
}
