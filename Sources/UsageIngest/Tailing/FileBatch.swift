import UsageModel

/// What a worker read from one Claude Code file: how the read went and the decoded lines,
/// applied to the ledger by the ingest thread in file order.
struct FileBatch: Sendable {
    /// Decoded lines with their line numbers.
    typealias Records = [(line: ClaudeCodeLine, number: UInt64)]

    var outcome: FileTail.Outcome
    var records: Records = []
    var rejections: [(reason: RejectReason, number: UInt64)] = []
    /// The models and working directories the records refer to.
    var models: [String] = []
    var cwds: [String] = []
    /// The sessions and branches the records refer to.
    var contexts: [LineContext] = []
    /// The activity the records refer to.
    var activities: [LineActivity] = []
    var toolUses: [LineActivity.ToolUse] = []
    var toolResults: [LineActivity.ToolResult] = []

    init(outcome: FileTail.Outcome) {
        self.outcome = outcome
    }
}
