/// Everything the activity families count, deduplicated like usage: a tool call by its
/// `tool_use` id, a prompt or an API error by its line's `uuid`, a session by its id. Copies of
/// lines in resumed sessions and subagent files count once. Owned by the ingest loop, inside
/// the ``UsageLedger``; a snapshot copies ``counters`` only.
package struct ActivityLedger: Sendable {
    package internal(set) var counters = ActivityCounters()
    /// The tools calls refer to, by index.
    var toolNames: [ToolName] = []
    private var toolIndex: [ToolName: UInt32] = [:]
    var calls: [UInt64: ToolCall] = [:]
    /// Keys of counted prompts, API errors and sessions (each hashed with its kind).
    var seen: Set<UInt64> = []
    /// Task tool calls: the subagent type their input names, by `tool_use` id.
    var taskTypes: [UInt64: String] = [:]
    /// Task results read before their use: the run they name, by `tool_use` id.
    var taskRuns: [UInt64: UInt64] = [:]
    /// Subagent runs (`agentId`, hashed) and their type as exported.
    var agentTypes: [UInt64: String] = [:]
    var pendingAgents: [UInt64: PendingAgent] = [:]

    private var toolCap = LabelCap(limit: ActivityLedger.toolLimit)
    private var serverCap = LabelCap(limit: ActivityLedger.mcpServerLimit)
    private var skillCap = LabelCap(limit: ActivityLedger.skillLimit)
    private var agentCap = LabelCap(limit: ActivityLedger.agentLimit)

    /// Distinct values each label takes before the rest share `(other)`.
    package static let toolLimit = 100
    package static let mcpServerLimit = 50
    package static let skillLimit = 100
    package static let agentLimit = 50
    /// A subagent run whose type is still unknown this long after its newest line is `subagent`.
    package static let agentTypeWaitMillis: Int64 = 3_600_000

    package init() {}

    // MARK: - Tools

    /// A `tool_use` block.
    package mutating func toolUse(id: UInt64, source: String, user: String, name: ToolName) {
        var call = calls[id] ?? ToolCall()
        guard call.tool == ToolCall.unknownTool else { return }
        let capped = ToolName(
            tool: toolCap.admit(name.tool), mcpServer: serverCap.admit(name.mcpServer),
            skill: skillCap.admit(name.skill))
        call.tool = intern(capped)
        calls[id] = call
        add(ActivitySeries(.toolUses, source: source, user: user, tool: capped), 1)
        if let outcome = ToolOutcome(rawValue: call.outcome) {
            countResult(tool: capped, outcome: outcome, source: source, user: user)
        }
    }

    /// A `tool_result` block, with the lines its edit added and removed.
    package mutating func toolResult(
        id: UInt64, source: String, user: String, outcome: ToolOutcome, added: UInt64, removed: UInt64
    ) {
        var call = calls[id] ?? ToolCall()
        guard call.outcome == 0 else { return }
        call.outcome = outcome.rawValue
        calls[id] = call
        for (change, lines) in [(CodeChange.added, added), (.removed, removed)] where lines > 0 {
            add(ActivitySeries(.codeLines, source: source, user: user, detail: change.label), lines)
        }
        if call.tool != ToolCall.unknownTool {
            countResult(tool: toolNames[Int(call.tool)], outcome: outcome, source: source, user: user)
        }
    }

    private mutating func countResult(tool: ToolName, outcome: ToolOutcome, source: String, user: String) {
        add(ActivitySeries(.toolResults, source: source, user: user, tool: tool, detail: outcome.label), 1)
    }

    private mutating func add(_ series: ActivitySeries, _ value: UInt64) {
        counters.series[series, default: 0] += value
    }

    private mutating func intern(_ name: ToolName) -> UInt32 {
        if let index = toolIndex[name] { return index }
        let index = UInt32(toolNames.count)
        toolNames.append(name)
        toolIndex[name] = index
        return index
    }

    // MARK: - Prompts, errors, sessions

    /// A prompt the user typed; `key` identifies the line (its `uuid`).
    package mutating func prompt(key: UInt64, source: String, user: String) {
        count(.prompts, key: key, ActivitySeries(.prompts, source: source, user: user))
    }

    /// An API error line; `key` identifies the line.
    package mutating func apiError(key: UInt64, kind: APIErrorKind, source: String, user: String) {
        count(.apiErrors, key: key, ActivitySeries(.apiErrors, source: source, user: user, detail: kind.label))
    }

    /// A main-thread line of a session; `key` identifies the session.
    package mutating func session(key: UInt64, source: String, user: String) {
        count(.sessions, key: key, ActivitySeries(.sessions, source: source, user: user))
    }

    private mutating func count(_ kind: ActivityKind, key: UInt64, _ series: ActivitySeries) {
        // Salted with the kind, so a prompt's key and a session's never meet.
        let salted = key ^ (UInt64(kind.rawValue) &* 0x9E37_79B9_7F4A_7C15)
        guard seen.insert(salted).inserted else { return }
        add(series, 1)
    }

    // MARK: - Agents

    /// A Task tool use: the subagent type its input names.
    package mutating func taskUse(id: UInt64, subagentType: String) {
        guard taskTypes[id] == nil else { return }
        taskTypes[id] = subagentType
        if let run = taskRuns.removeValue(forKey: id) { resolve(run: run, type: subagentType) }
    }

    /// A Task tool result: the subagent run (`agentId`) it started.
    package mutating func taskResult(id: UInt64, run: UInt64) {
        if let type = taskTypes[id] {
            resolve(run: run, type: type)
        } else {
            taskRuns[id] = run
        }
    }

    /// Usage counted for the main thread (`run` nil and not a sidechain), a subagent run, or a
    /// sidechain that names none.
    package mutating func agentUsage(
        run: UInt64?, isSidechain: Bool, source: String, user: String, usage: AgentUsage, atMillis millis: Int64
    ) {
        guard usage.tokens != .zero || usage.costUSD != 0 else { return }
        guard let run, isSidechain else {
            return add(
                AgentSeries(
                    source: source, user: user, agent: isSidechain ? AgentSeries.unknownSubagent : AgentSeries.main),
                usage)
        }
        if let type = agentTypes[run] { return add(AgentSeries(source: source, user: user, agent: type), usage) }
        var pending = pendingAgents[run] ?? PendingAgent(source: source, user: user)
        pending.usage.add(usage)
        pending.newestMillis = max(pending.newestMillis, millis)
        pendingAgents[run] = pending
    }

    private mutating func resolve(run: UInt64, type: String) {
        guard agentTypes[run] == nil else { return }
        // `subagent` is no type the Task named: it takes no room, as after a restore.
        let exported = type.isEmpty ? AgentSeries.unknownSubagent : agentCap.admit(type)
        agentTypes[run] = exported
        if let pending = pendingAgents.removeValue(forKey: run) {
            add(AgentSeries(source: pending.source, user: pending.user, agent: exported), pending.usage)
        }
    }

    private mutating func add(_ series: AgentSeries, _ usage: AgentUsage) {
        counters.agents[series, default: AgentUsage()].add(usage)
    }

    /// Counts the held runs whose newest line is older than ``agentTypeWaitMillis`` as
    /// `subagent`: their Task result is not coming (an interrupted run, a deleted parent).
    /// Called after each pass over the files, so a pass reads a run's parent before this.
    package mutating func releaseWaitingAgents(nowMillis: Int64) {
        for (run, pending) in pendingAgents where pending.newestMillis < nowMillis - ActivityLedger.agentTypeWaitMillis
        {
            pendingAgents[run] = nil
            agentTypes[run] = AgentSeries.unknownSubagent
            add(
                AgentSeries(source: pending.source, user: pending.user, agent: AgentSeries.unknownSubagent),
                pending.usage)
        }
    }

    /// After a load: the caps' values from what was counted.
    mutating func restoreCaps() {
        for name in toolNames {
            _ = toolCap.admit(name.tool)
            _ = serverCap.admit(name.mcpServer)
            _ = skillCap.admit(name.skill)
        }
        for type in Set(agentTypes.values) where type != AgentSeries.unknownSubagent { _ = agentCap.admit(type) }
        toolIndex = Dictionary(uniqueKeysWithValues: toolNames.enumerated().map { ($1, UInt32($0)) })
    }
}
