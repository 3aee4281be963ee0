extension PromptAuditDecoder {
    /// Prompt audits with estimated and actual token counts, in the files the globs match.
    package static func makeSource(paths: [String], settings: SourceSettings) -> any UsageSource {
        LogFileSource(
            discovery: .globs(paths), decoder: PromptAuditDecoder(), maxLineBytes: settings.maxLineBytes,
            logger: settings.logger)
    }
}
