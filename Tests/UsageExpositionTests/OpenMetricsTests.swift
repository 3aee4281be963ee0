import Foundation
import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageExposition

/// Issue 16, 2: OpenMetrics 1.0.0 on negotiation, text 0.0.4 the fallback.
@Suite struct OpenMetricsTests {
    @Test(arguments: [
        // What Prometheus 2.x sends by default.
        (
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            ExpositionFormat.openMetrics
        ),
        ("application/openmetrics-text; version=0.0.1", .openMetrics),
        ("application/openmetrics-text", .openMetrics),
        ("text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", .text),
        ("application/openmetrics-text;version=2.0.0", .text),
        ("application/openmetrics-text;q=0", .text),
        ("*/*", .text),
        ("", .text),
    ])
    func negotiation(_ accept: String, _ expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept) == expected)
        #expect(ExpositionFormat.negotiate(nil) == .text)
    }

    private func snapshot() -> UsageSnapshot {
        var ledger = UsageLedger()
        ledger.register(source: "claude_code")
        let series = ledger.intern(
            SeriesKey(source: "claude_code", provider: "anthropic", model: "claude-opus-4-1", project: "app"))
        _ = ledger.add(
            UsageRecord(
                series: series, tokens: TokenCounts(input: 1000, output: 100), timestampMillis: 1_759_322_000_500,
                dedupKey: 1))
        _ = ledger.add(
            UsageRecord(
                series: series, tokens: TokenCounts(input: 10, output: 1), timestampMillis: 1_759_322_100_000,
                dedupKey: 2))
        return UsageSnapshot(counters: ledger.counters, ready: true)
    }

    @Test func countersHaveTheirCreatedSampleUnitsAndTheExpositionEndsWithEOF() throws {
        let text = String(
            decoding: MetricsRenderer.render(
                snapshot(), process: ProcessMetrics.current(), format: .openMetrics), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.last == "# EOF")
        #expect(lines.contains("# TYPE llm_usage_cost_usd counter"))
        #expect(lines.contains("# UNIT llm_usage_cost_usd usd"))
        #expect(lines.contains("# TYPE llm_usage_requests counter"))
        #expect(lines.contains("# TYPE process_cpu_seconds counter"))
        #expect(lines.contains("# UNIT process_cpu_seconds seconds"))
        #expect(lines.contains("# UNIT llm_usage_request_tokens tokens"))
        // The oldest request of the series, in seconds.
        let labels = #"{source="claude_code",provider="anthropic",model="claude-opus-4-1",project="app"}"#
        #expect(lines.contains("llm_usage_requests_created\(labels) 1759322000.5"))
        #expect(lines.contains("llm_usage_requests_total\(labels) 2"))
        #expect(lines.contains { $0.hasPrefix("llm_usage_request_tokens_created{") })
        // Text 0.0.4 has none of it.
        let plain = String(decoding: MetricsRenderer.render(snapshot(), process: nil), as: UTF8.self)
        #expect(!plain.contains("_created") && !plain.contains("# UNIT") && !plain.contains("# EOF"))
        #expect(plain.contains("# TYPE llm_usage_requests_total counter"))
    }

    /// The OpenMetrics parser of Python's `prometheus_client` (the reference implementation's
    /// strict one) reads every family, and the text parser reads the fallback.
    @Test func pythonsParsersAcceptBothFormats() throws {
        guard let python = ProcessRunner.which("python3"),
            (try? ProcessRunner.run(python, ["-c", "import prometheus_client"]))?.status == 0
        else {
            Issue.record("python3 with prometheus_client is needed: python3 -m pip install prometheus_client")
            return
        }
        let tree = TempTree()
        tree.write(
            "om.txt",
            MetricsRenderer.render(snapshot(), process: ProcessMetrics.current(), format: .openMetrics))
        tree.write("text.txt", MetricsRenderer.render(snapshot(), process: ProcessMetrics.current()))
        let script = """
            import sys
            from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
            from prometheus_client.parser import text_string_to_metric_families as text
            a = {f.name: f for f in om(open(sys.argv[1]).read())}
            b = {f.name: f for f in text(open(sys.argv[2]).read())}
            cost = a["llm_usage_cost_usd"]
            assert cost.type == "counter" and cost.unit == "usd", (cost.type, cost.unit)
            created = [s.value for s in cost.samples if s.name.endswith("_created")]
            assert created == [1759322000.5], created
            print(len(a), len(b))
            """
        let run = try ProcessRunner.run(python, ["-c", script, tree.path("om.txt"), tree.path("text.txt")])
        #expect(run.status == 0, "\(run.stderr)")
        let counts = run.stdout.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] > 20, "\(run.stdout)")
    }
}
