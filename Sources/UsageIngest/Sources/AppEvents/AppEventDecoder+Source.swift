extension AppEventDecoder {
    /// Application usage events, one line per API call, in the files the globs match.
    package static func makeSource(paths: [String], settings: SourceSettings) -> any UsageSource {
        LogFileSource(
            discovery: .globs(paths), decoder: AppEventDecoder(), maxLineBytes: settings.maxLineBytes,
            logger: settings.logger)
    }
}
