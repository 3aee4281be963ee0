/// What a SIGHUP changed: the settings applied at once (budgets, alert ratios, the calendar,
/// sessions, the block limit, prices) and those that need a restart (addresses, sources,
/// labels, the state folder, ...), each by its flag's name.
package struct ConfigurationReload: Equatable, Sendable {
    package var applied: [String] = []
    package var needRestart: [String] = []

    /// The differences between `old` and `new`.
    package init(from old: ExporterOptions, to new: ExporterOptions) {
        func check<Value: Equatable>(_ name: String, _ path: KeyPath<ExporterOptions, Value>, live: Bool) {
            guard old[keyPath: path] != new[keyPath: path] else { return }
            if live { applied.append(name) } else { needRestart.append(name) }
        }
        check("budgets", \.budgets, live: true)
        check("budgets.warning_ratio", \.warningRatio, live: true)
        check("budgets.critical_ratio", \.criticalRatio, live: true)
        check("--time-zone", \.timeZone, live: true)
        check("--week-start", \.weekStartsMonday, live: true)
        check("--sessions.active-window", \.sessionWindowMillis, live: true)
        check("--sessions.max", \.sessionsMax, live: true)
        check("--block.token-limit", \.blockTokenLimit, live: true)
        check("--pricing.file", \.pricingFile, live: true)
        check("pricing.models", \.priceOverrides, live: true)
        check("--web.listen-address", \.listenAddresses, live: false)
        check("--web.telemetry-path", \.telemetryPath, live: false)
        check("--web.max-requests", \.maxRequests, live: false)
        check("--web.config.file", \.webConfigFile, live: false)
        check("--web.disable-exporter-metrics", \.exporterMetrics, live: false)
        check("--web.systemd-socket", \.systemdSocket, live: false)
        check("sources", \.sources, live: false)
        check("--label.drop", \.droppedLabels, live: false)
        check("--label.project", \.projectLabel, live: false)
        check("--label.user", \.user, live: false)
        check("--source.poll-interval", \.pollIntervalMillis, live: false)
        check("--source.watch", \.watchMode, live: false)
        check("--source.rescan-interval", \.rescanIntervalMillis, live: false)
        check("--source.max-line-bytes", \.maxLineBytes, live: false)
        check("--source.disable-activity", \.countsActivity, live: false)
        check("--cost.mode", \.costMode, live: false)
        check("--state.dir", \.stateDir, live: false)
        check("--state.save-interval", \.saveIntervalMillis, live: false)
        check("--log.level", \.logLevel, live: false)
        check("--log.format", \.logFormat, live: false)
    }
}
