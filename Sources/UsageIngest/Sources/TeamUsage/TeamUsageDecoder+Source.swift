extension TeamUsageDecoder {
    /// Team usage records (`usage_captured`, `capture_failure`) in the files the globs match.
    package static func makeSource(paths: [String], settings: SourceSettings) -> any UsageSource {
        LogFileSource(
            discovery: .globs(paths), decoder: TeamUsageDecoder(), maxLineBytes: settings.maxLineBytes,
            logger: settings.logger)
    }
}
