import UsageModel
package import UsageSystem

/// The JSON-lines sources besides Claude Code, made ready to poll.
package enum LogSources {
    /// Codex CLI sessions: `*.jsonl` below `sessions/` and `archived_sessions/` of each root
    /// (`$CODEX_HOME`, else `~/.codex`).
    /// - Parameter checksEveryLine: for `check`: the response items the exporter skips unparsed
    ///   are validated too.
    package static func codex(
        roots: [String], projectLabels: ProjectLabelMode, maxLineBytes: Int, logger: Logger,
        checksEveryLine: Bool = false
    ) -> any UsageSource {
        LogFileSource(
            discovery: .folders(roots: roots, subfolders: ["sessions", "archived_sessions"]),
            decoder: CodexDecoder(projectLabels: projectLabels, checksEveryLine: checksEveryLine),
            maxLineBytes: maxLineBytes, logger: logger)
    }

    /// Team usage records (`usage_captured`, `capture_failure`) in the files the globs match.
    package static func teamUsage(globs: [String], maxLineBytes: Int, logger: Logger) -> any UsageSource {
        LogFileSource(
            discovery: .globs(globs), decoder: TeamUsageDecoder(), maxLineBytes: maxLineBytes, logger: logger)
    }

    /// Prompt audits with estimated and actual token counts.
    package static func promptAudit(globs: [String], maxLineBytes: Int, logger: Logger) -> any UsageSource {
        LogFileSource(
            discovery: .globs(globs), decoder: PromptAuditDecoder(), maxLineBytes: maxLineBytes, logger: logger)
    }

    /// Application usage events, one line per API call.
    package static func events(globs: [String], maxLineBytes: Int, logger: Logger) -> any UsageSource {
        LogFileSource(
            discovery: .globs(globs), decoder: AppEventDecoder(), maxLineBytes: maxLineBytes, logger: logger)
    }
}
