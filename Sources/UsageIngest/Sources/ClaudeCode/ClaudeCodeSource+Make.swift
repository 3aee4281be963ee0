extension ClaudeCodeSource {
    /// The source for config roots (`~/.claude`) or their `projects/` folders.
    package static func makeSource(paths: [String], settings: SourceSettings) -> any UsageSource {
        ClaudeCodeSource(
            roots: paths, maxLineBytes: settings.maxLineBytes, projectLabels: settings.projectLabels,
            logger: settings.logger, checksEveryLine: settings.checksEveryLine, user: settings.user,
            countsActivity: settings.countsActivity)
    }
}
