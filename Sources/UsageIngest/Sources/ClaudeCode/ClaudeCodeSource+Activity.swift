import UsageModel
import UsageSystem

/// A file's activity into the ledger: tool calls, edits, errors, prompts and sessions.
extension ClaudeCodeSource {
    func count(_ activity: LineActivity, of batch: FileBatch, ledger: inout UsageLedger) {
        ledger.withActivity { counted in
            for use in batch.toolUses[activity.toolUses] {
                counted.toolUse(id: use.id, source: name, user: user, name: ToolName(used: use.name, skill: use.skill))
                if let type = use.subagentType { counted.taskUse(id: use.id, subagentType: type) }
            }
            for (index, result) in batch.toolResults[activity.toolResults].enumerated() {
                // A line's toolUseResult is its first result's.
                counted.toolResult(
                    id: result.id, source: name, user: user, outcome: result.outcome,
                    added: index == 0 ? activity.linesAdded : 0, removed: index == 0 ? activity.linesRemoved : 0)
                if index == 0, let run = activity.startedRun { counted.taskResult(id: result.id, run: run) }
            }
            if let kind = activity.apiError {
                counted.apiError(key: activity.key, kind: kind, source: name, user: user)
            }
            if activity.isPrompt { counted.prompt(key: activity.key, source: name, user: user) }
        }
    }

    /// The keys of a file's sessions, one per context (nil for a context without a session).
    static func sessionKeys(_ contexts: [LineContext]) -> [UInt64?] {
        contexts.map { context in
            context.sessionID.map { id in
                var hash = StableHash()
                hash.combine(id)
                return hash.finalized
            }
        }
    }

    /// After a pass: subagent runs whose type never came are counted as `subagent`.
    func endPass(ledger: inout UsageLedger) {
        ledger.withActivity { $0.releaseWaitingAgents(nowMillis: Clock.realtimeMillis()) }
    }
}
