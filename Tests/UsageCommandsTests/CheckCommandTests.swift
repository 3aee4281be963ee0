import Foundation
import TestSupport
import Testing
import UsageRuntime

@testable import UsageCommands

/// `llm-usage-exporter check`: 0 when clean, 1 naming each problem, 2 on a usage error.
@Suite struct CheckCommandTests {
    private func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        runCommand(["check"] + arguments)
    }

    @Test func aCleanFixtureExits0() {
        let tree = TempTree()
        tree.write("claude/projects/-home-u-app/s.jsonl", assistantLine(id: "m1") + assistantLine(id: "m2"))
        tree.write("ci/token-usage-1.jsonl", SourceFixtures.teamUsage(session: "s", input: 10, output: 5))
        let result = run([
            "--source.claude-code", tree.path("claude"), "--no-source.codex", "--source.team-usage",
            tree.path("ci/*.jsonl"),
        ])
        #expect(result.status == 0, "\(result.out)")
        #expect(result.out.contains("source claude_code: 1 files, 2 lines, 0 rejected"))
        #expect(result.out.contains("source team_usage: 1 files, 1 lines, 0 rejected"))
        #expect(result.out.hasSuffix("no problems found\n"))
    }

    @Test func eachKindOfProblemIsNamedAndExits1() throws {
        let tree = TempTree()
        tree.write(
            "claude/projects/-home-u-app/s.jsonl",
            assistantLine(id: "m1") + #"{"type":"assistant","message":{"usage":{"input_tokens":1"# + "\n"
                + assistantLine(id: "m2", model: "claude-future-9"))
        tree.write("ci/prompt-audit-1.jsonl", #"{"timestamp":"2025-07-01T00:00:00Z"}"# + "\n")
        let result = run([
            "--source.claude-code", tree.path("claude"), "--no-source.codex", "--source.prompt-audit",
            tree.path("ci/prompt-audit-*.jsonl"), "--source.events", tree.path("nowhere/*.jsonl"),
        ])
        #expect(result.status == 1)
        let path = tree.path("claude/projects/-home-u-app/s.jsonl")
        #expect(result.out.contains("problem: 1 lines rejected as malformed_json, e.g. \(path):2"))
        #expect(
            result.out.contains(
                "problem: 1 lines rejected as missing_field, e.g. \(tree.path("ci/prompt-audit-1.jsonl")):1"))
        #expect(result.out.contains("problem: \(tree.path("nowhere/*.jsonl")) does not exist or matches no file"))
        #expect(result.out.contains("problem: model claude-future-9 (claude_code) has no price: 1 requests"))
        #expect(result.out.hasSuffix("4 problems found\n"))
    }

    /// A transcript cut off mid-line, or with a corrupt tool result, holds no usage on that line:
    /// the exporter dismisses it unparsed (its fast path), `check` parses it and says where.
    @Test func corruptLinesWithoutUsageAreFoundByFileAndLine() throws {
        let tree = TempTree()
        let user = #"{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"ok"}]}}"#
        tree.write(
            "claude/projects/-home-u-app/s.jsonl",
            user + "\n" + assistantLine(id: "m1") + String(user.dropLast(3)) + "\n\n" + #"{"type":"summary"} x"# + "\n")
        tree.write(
            "codex/sessions/r.jsonl",
            SourceFixtures.codexTurn(model: "gpt-5", cwd: "/w")
                + #"{"timestamp":"2025-09-14T10:00:01Z","type":"response_item","payload":{"type":"message""# + "\n"
                + SourceFixtures.codexCount(last: [10, 0, 5, 0, 15], total: nil))
        let result = run(["--source.claude-code", tree.path("claude"), "--source.codex", tree.path("codex")])
        #expect(result.status == 1)
        let transcript = tree.path("claude/projects/-home-u-app/s.jsonl")
        #expect(
            result.out.contains("problem: 2 lines rejected as malformed_json, e.g. \(transcript):3, \(transcript):5"),
            "\(result.out)")
        #expect(result.out.contains("rejected as malformed_json, e.g. \(tree.path("codex/sessions/r.jsonl")):2"))
        // The exporter itself keeps its fast path: the lines without usage are not parsed.
        let once = runCommand([
            "--once", "--source.claude-code", tree.path("claude"), "--source.codex", tree.path("codex"),
        ])
        #expect(once.out.contains(#"llm_usage_lines_rejected_total{source="claude_code",reason="malformed_json"} 0"#))
        #expect(once.out.contains(#"llm_usage_lines_rejected_total{source="codex",reason="malformed_json"} 0"#))
    }

    @Test func usageErrorsExit2() {
        #expect(run(["--nope"]).status == 2)
        let tree = TempTree()
        tree.write("bad.json", #"{"sources":{"codex":{"pathz":[]}}}"#)
        let bad = run(["--config.file", tree.path("bad.json")])
        #expect(bad.status == 2)
        #expect(bad.err.contains("sources.codex.pathz: unknown key"))
        #expect(run(["--help"]).out.hasPrefix("usage: llm-usage-exporter check"))
    }
}
