import Testing

@testable import UsageModel

/// The activity ledger's rules: each tool call once whichever line comes first, results
/// counted with their tool, bounded labels, subagent runs resolved or released, and a state
/// that round-trips.
@Suite struct ActivityLedgerTests {
    private func value(_ ledger: ActivityLedger, _ series: ActivitySeries) -> UInt64 {
        ledger.counters.series[series] ?? 0
    }

    @Test func aCallCountsOnceWhicheverLineComesFirst() {
        var ledger = ActivityLedger()
        let bash = ToolName(tool: "Bash")
        // The result first (another file read earlier), then the use, then copies of both.
        ledger.toolResult(id: 1, source: "c", user: "u", outcome: .error, added: 0, removed: 0)
        ledger.toolUse(id: 1, source: "c", user: "u", name: bash)
        ledger.toolUse(id: 1, source: "c", user: "u", name: bash)
        ledger.toolResult(id: 1, source: "c", user: "u", outcome: .error, added: 0, removed: 0)
        ledger.toolUse(id: 2, source: "c", user: "u", name: bash)
        ledger.toolResult(id: 2, source: "c", user: "u", outcome: .ok, added: 3, removed: 1)
        ledger.toolResult(id: 2, source: "c", user: "u", outcome: .ok, added: 3, removed: 1)
        #expect(value(ledger, ActivitySeries(.toolUses, source: "c", user: "u", tool: bash)) == 2)
        #expect(value(ledger, ActivitySeries(.toolResults, source: "c", user: "u", tool: bash, detail: "error")) == 1)
        #expect(value(ledger, ActivitySeries(.toolResults, source: "c", user: "u", tool: bash, detail: "ok")) == 1)
        #expect(value(ledger, ActivitySeries(.codeLines, source: "c", user: "u", detail: "added")) == 3)
        #expect(value(ledger, ActivitySeries(.codeLines, source: "c", user: "u", detail: "removed")) == 1)
        ledger.prompt(key: 7, source: "c", user: "u")
        ledger.prompt(key: 7, source: "c", user: "u")
        ledger.session(key: 7, source: "c", user: "u")
        #expect(value(ledger, ActivitySeries(.prompts, source: "c", user: "u")) == 1)
        #expect(value(ledger, ActivitySeries(.sessions, source: "c", user: "u")) == 1)
    }

    @Test func labelsAreBounded() {
        var ledger = ActivityLedger()
        for index in 0..<(ActivityLedger.toolLimit + 5) {
            ledger.toolUse(id: UInt64(index), source: "c", user: "", name: ToolName(tool: "T\(index)"))
        }
        for index in 0..<(ActivityLedger.mcpServerLimit + 5) {
            ledger.toolUse(
                id: UInt64(1000 + index), source: "c", user: "", name: ToolName(tool: "mcp", mcpServer: "s\(index)"))
        }
        let tools = Set(ledger.counters.series.keys.map(\.tool.tool))
        let servers = Set(ledger.counters.series.keys.map(\.tool.mcpServer)).subtracting([""])
        // 100 tools, "mcp" among them, the rest (other); 50 servers and (other).
        #expect(tools.count == ActivityLedger.toolLimit + 1 && tools.contains(LabelCap.other))
        #expect(servers.count == ActivityLedger.mcpServerLimit + 1 && servers.contains(LabelCap.other))
        let other = ActivitySeries(.toolUses, source: "c", user: "", tool: ToolName(tool: LabelCap.other))
        #expect(value(ledger, other) == 5)
    }

    /// The caps after a restore hold the values they held: `(other)` takes no room.
    @Test func restoredCapsKeepTheirValues() throws {
        var ledger = ActivityLedger()
        let types = (0...ActivityLedger.agentLimit).map { "type\($0)" }
        for (index, type) in types.enumerated() {
            ledger.taskUse(id: UInt64(index), subagentType: type)
            ledger.taskResult(id: UInt64(index), run: UInt64(1000 + index))
        }
        #expect(ledger.agentTypes[UInt64(1000 + ActivityLedger.agentLimit)] == LabelCap.other)
        var writer = StateWriter()
        ledger.encode(into: &writer)
        var reader = StateReader(writer.bytes)
        var restored = try ActivityLedger.decode(from: &reader)
        // New runs of every type: the first 50 keep their names, the last is still (other).
        for (index, type) in types.enumerated() {
            restored.taskUse(id: UInt64(5000 + index), subagentType: type)
            restored.taskResult(id: UInt64(5000 + index), run: UInt64(9000 + index))
            let expected = index < ActivityLedger.agentLimit ? type : LabelCap.other
            #expect(restored.agentTypes[UInt64(9000 + index)] == expected, "\(type)")
        }
    }

    @Test func subagentRunsAreCountedUnderTheirTypeOrReleased() {
        var ledger = ActivityLedger()
        let usage = AgentUsage(tokens: TokenCounts(input: 10), costUSD: 1)
        func agent(_ name: String) -> AgentUsage? {
            ledger.counters.agents[AgentSeries(source: "c", user: "u", agent: name)]
        }
        ledger.agentUsage(run: nil, isSidechain: false, source: "c", user: "u", usage: usage, atMillis: 0)
        ledger.agentUsage(run: 5, isSidechain: true, source: "c", user: "u", usage: usage, atMillis: 1000)
        ledger.agentUsage(run: 6, isSidechain: true, source: "c", user: "u", usage: usage, atMillis: 1000)
        #expect(agent("main") == usage && agent("Explore") == nil)
        // Run 5's Task: its use, then its result naming the run.
        ledger.taskUse(id: 50, subagentType: "Explore")
        ledger.taskResult(id: 50, run: 5)
        #expect(agent("Explore") == usage)
        ledger.agentUsage(run: 5, isSidechain: true, source: "c", user: "u", usage: usage, atMillis: 2000)
        #expect(agent("Explore")?.tokens.input == 20)
        // Run 6 waits while it is recent, and is `subagent` an hour after its newest line.
        ledger.releaseWaitingAgents(nowMillis: 1000 + ActivityLedger.agentTypeWaitMillis - 1)
        #expect(agent("subagent") == nil)
        ledger.releaseWaitingAgents(nowMillis: 1000 + ActivityLedger.agentTypeWaitMillis + 1)
        #expect(agent("subagent") == usage && ledger.pendingAgents.isEmpty)
    }

    @Test func theStateRoundTrips() throws {
        var ledger = ActivityLedger()
        ledger.toolUse(id: 1, source: "c", user: "u", name: ToolName(tool: "Skill", skill: "pdf"))
        ledger.toolResult(id: 2, source: "c", user: "u", outcome: .rejected, added: 0, removed: 0)
        ledger.apiError(key: 3, kind: .overloaded, source: "c", user: "u")
        ledger.taskUse(id: 4, subagentType: "Explore")
        ledger.taskResult(id: 9, run: 8)
        ledger.agentUsage(
            run: 7, isSidechain: true, source: "c", user: "u", usage: AgentUsage(tokens: TokenCounts(output: 3)),
            atMillis: 5)
        var writer = StateWriter()
        ledger.encode(into: &writer)
        var reader = StateReader(writer.bytes)
        var restored = try ActivityLedger.decode(from: &reader)
        #expect(reader.isAtEnd)
        #expect(restored.counters == ledger.counters)
        #expect(restored.calls == ledger.calls && restored.seen == ledger.seen)
        #expect(restored.pendingAgents == ledger.pendingAgents && restored.taskRuns == ledger.taskRuns)
        // The result read before the load meets its use after it.
        restored.toolUse(id: 2, source: "c", user: "u", name: ToolName(tool: "Edit"))
        #expect(
            restored.counters.series[
                ActivitySeries(.toolResults, source: "c", user: "u", tool: ToolName(tool: "Edit"), detail: "rejected")]
                == 1)
    }
}
