/// What a Codex session file's earlier lines told: the model and working directory of the
/// current turn, and the last cumulative token totals.
struct CodexContext: Equatable, Sendable {
    var model: String?
    var cwd: String?
    var lastTotal: CodexUsage?
}
