package import UsageModel

/// What a transcript line says besides usage: the tools it used or the results it carries,
/// the lines an edit changed, an API error, a prompt. Names only, never inputs or text. A
/// plain value: its tool uses and results are ranges of the file's tables
/// (``ClaudeCodeDecoder/toolUses``, ``ClaudeCodeDecoder/toolResults``).
package struct LineActivity: Equatable, Sendable {
    package struct ToolUse: Equatable, Sendable {
        /// Hash of the `tool_use` id: a call's use and its result meet on it.
        package var id: UInt64
        package var name: String
        /// The skill a Skill call names.
        package var skill: String?
        /// The subagent type a Task call names.
        package var subagentType: String?
    }

    package struct ToolResult: Equatable, Sendable {
        package var id: UInt64
        package var outcome: ToolOutcome
    }

    /// Hash of the line's `uuid` (0 without one): copies of the line in other files share it.
    package var key: UInt64 = 0
    package var toolUses: Range<Int> = 0..<0
    package var toolResults: Range<Int> = 0..<0
    /// Lines the edit of the line's first result added and removed.
    package var linesAdded: UInt64 = 0
    package var linesRemoved: UInt64 = 0
    /// The subagent run (hash of `agentId`) a Task result says it started.
    package var startedRun: UInt64?
    package var apiError: APIErrorKind?
    package var isPrompt = false

    package init() {}

    package var isEmpty: Bool {
        toolUses.isEmpty && toolResults.isEmpty && apiError == nil && !isPrompt
    }
}
