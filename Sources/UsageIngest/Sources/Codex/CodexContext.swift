/// What a Codex session file's earlier lines told: the model and working directory of the
/// current turn, and the last cumulative token totals.
struct CodexContext: Equatable, Sendable {
    var model: String?
    var cwd: String?
    /// The session's id and git branch, from its `session_meta`.
    var sessionID: String?
    var branch: String?
    var lastTotal: CodexUsage?
}
