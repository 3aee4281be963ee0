extension CodexDecoder {
    /// Codex CLI sessions: `*.jsonl` below `sessions/` and `archived_sessions/` of each home.
    package static func makeSource(paths: [String], settings: SourceSettings) -> any UsageSource {
        LogFileSource(
            discovery: .folders(roots: paths, subfolders: ["sessions", "archived_sessions"]),
            decoder: CodexDecoder(
                projectLabels: settings.projectLabels, checksEveryLine: settings.checksEveryLine, user: settings.user),
            maxLineBytes: settings.maxLineBytes, logger: settings.logger)
    }
}
