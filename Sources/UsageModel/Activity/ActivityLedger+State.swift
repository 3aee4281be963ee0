/// The activity ledger as one state section (``StateSections``), laid out once: a later
/// field is a later section. A state from a build before this section has no activity: the
/// ledger reports it (``UsageLedger/hasActivity``) so the transcripts are read once more.
extension ActivityLedger {
    package static let section = "ledger.activity"

    func encode(into writer: inout StateWriter) {
        let series = counters.series.keys.sorted()
        writer.write(series.count)
        for key in series {
            writer.write(UInt32(key.kind.rawValue))
            writer.write(key.source)
            writer.write(key.user)
            writer.write(key.tool.tool)
            writer.write(key.tool.mcpServer)
            writer.write(key.tool.skill)
            writer.write(key.detail)
            writer.write(counters.series[key]!)
        }
        let agents = counters.agents.keys.sorted()
        writer.write(agents.count)
        for key in agents {
            writer.write(key.source)
            writer.write(key.user)
            writer.write(key.agent)
            writer.write(counters.agents[key]!.tokens)
            writer.write(counters.agents[key]!.costUSD)
        }
        writer.write(toolNames.count)
        for name in toolNames {
            writer.write(name.tool)
            writer.write(name.mcpServer)
            writer.write(name.skill)
        }
        let ids = calls.keys.sorted()
        writer.write(ids.count)
        for id in ids {
            writer.write(id)
            writer.write(calls[id]!.tool)
            writer.write(UInt32(calls[id]!.outcome))
        }
        writer.write(seen.count)
        for key in seen.sorted() { writer.write(key) }
        Self.write(taskTypes, &writer)
        writer.write(taskRuns.count)
        for id in taskRuns.keys.sorted() {
            writer.write(id)
            writer.write(taskRuns[id]!)
        }
        Self.write(agentTypes, &writer)
        writer.write(pendingAgents.count)
        for run in pendingAgents.keys.sorted() {
            let pending = pendingAgents[run]!
            writer.write(run)
            writer.write(pending.source)
            writer.write(pending.user)
            writer.write(pending.usage.tokens)
            writer.write(pending.usage.costUSD)
            writer.write(pending.newestMillis)
        }
    }

    private static func write(_ names: [UInt64: String], _ writer: inout StateWriter) {
        writer.write(names.count)
        for id in names.keys.sorted() {
            writer.write(id)
            writer.write(names[id]!)
        }
    }

    private static func readNames(_ reader: inout StateReader) throws(StateError) -> [UInt64: String] {
        var names: [UInt64: String] = [:]
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
            let id = try reader.readUInt64()
            names[id] = try reader.readString()
        }
        return names
    }

    static func decode(from reader: inout StateReader) throws(StateError) -> ActivityLedger {
        var ledger = ActivityLedger()
        for _ in 0..<(try reader.readCount(minimumItemBytes: 4 + 6 * 4 + 8)) {
            let raw = try reader.readUInt32()
            let source = try reader.readString()
            let user = try reader.readString()
            let tool = ToolName(
                tool: try reader.readString(), mcpServer: try reader.readString(), skill: try reader.readString())
            let detail = try reader.readString()
            let value = try reader.readUInt64()
            // A kind this build no longer has is dropped with its series.
            guard raw <= UInt32(UInt8.max), let kind = ActivityKind(rawValue: UInt8(raw)) else { continue }
            ledger.counters.series[
                ActivitySeries(kind, source: source, user: user, tool: tool, detail: detail), default: 0] += value
        }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12 + 40 + 8)) {
            let key = AgentSeries(
                source: try reader.readString(), user: try reader.readString(), agent: try reader.readString())
            let usage = AgentUsage(tokens: try reader.readTokens(), costUSD: try reader.readDouble())
            ledger.counters.agents[key, default: AgentUsage()].add(usage)
        }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 12)) {
            ledger.toolNames.append(
                ToolName(
                    tool: try reader.readString(), mcpServer: try reader.readString(), skill: try reader.readString()))
        }
        guard Set(ledger.toolNames).count == ledger.toolNames.count else { throw .invalid("a tool named twice") }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 16)) {
            let id = try reader.readUInt64()
            let tool = try reader.readUInt32()
            let outcome = try reader.readUInt32()
            guard tool == ToolCall.unknownTool || Int(tool) < ledger.toolNames.count,
                outcome == 0 || ToolOutcome(rawValue: UInt8(truncatingIfNeeded: outcome)) != nil, outcome <= 3
            else { throw .invalid("a tool call of tool \(tool) with outcome \(outcome)") }
            ledger.calls[id] = ToolCall(tool: tool, outcome: UInt8(outcome))
        }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 8)) { ledger.seen.insert(try reader.readUInt64()) }
        ledger.taskTypes = try readNames(&reader)
        for _ in 0..<(try reader.readCount(minimumItemBytes: 16)) {
            let id = try reader.readUInt64()
            ledger.taskRuns[id] = try reader.readUInt64()
        }
        ledger.agentTypes = try readNames(&reader)
        for _ in 0..<(try reader.readCount(minimumItemBytes: 8 + 8 + 40 + 16)) {
            let run = try reader.readUInt64()
            var pending = PendingAgent(source: try reader.readString(), user: try reader.readString())
            pending.usage = AgentUsage(tokens: try reader.readTokens(), costUSD: try reader.readDouble())
            pending.newestMillis = try reader.readInt64()
            ledger.pendingAgents[run] = pending
        }
        ledger.restoreCaps()
        return ledger
    }
}
