package import UsageSystem

/// What every source is made with, besides its paths.
package struct SourceSettings: Sendable {
    /// Longer lines are counted as rejected (`overlong`) and skipped without being buffered.
    package var maxLineBytes: Int
    /// How the `project` label is made from a working directory.
    package var projectLabels: ProjectLabelMode
    package var logger: Logger
    /// For `check`: lines the exporter dismisses unparsed are validated too.
    package var checksEveryLine: Bool
    /// The `user` label of a machine's own agent logs (Claude Code, Codex); "" for none.
    package var user: String
    /// Claude Code's activity (tools, edits, prompts, API errors) is read, not only usage.
    package var countsActivity: Bool

    package init(
        maxLineBytes: Int, projectLabels: ProjectLabelMode, logger: Logger, checksEveryLine: Bool = false,
        user: String = "", countsActivity: Bool = true
    ) {
        self.user = user
        self.countsActivity = countsActivity
        self.maxLineBytes = maxLineBytes
        self.projectLabels = projectLabels
        self.logger = logger
        self.checksEveryLine = checksEveryLine
    }
}
