package import UsageIngest
package import UsageModel
import UsageServer
package import UsageSystem

/// Everything the command line configures.
package struct ExporterOptions: Equatable, Sendable {
    package var listenAddresses = [ListenAddress(host: "127.0.0.1", port: 10120)]
    package var telemetryPath = "/metrics"
    package var maxRequests = 40
    /// `--web.systemd-socket`: serve the sockets systemd passes in instead of the addresses.
    package var systemdSocket = false
    /// `--web.disable-exporter-metrics` turns off the `process_*` families.
    package var exporterMetrics = true
    /// Claude Code's activity is counted, not only usage (`--source.disable-activity` turns it off).
    package var countsActivity = true
    /// `--web.config.file`: exporter-toolkit's web configuration (basic auth users).
    package var webConfigFile: String?
    /// What the flags and the config file say of each source, by name (``SourceRegistry``).
    package var sources: [String: SourceSelection] = [:]
    /// `--config.file`, already applied: flags override it.
    package var configFile: String?
    /// `--label.drop`: labels left out of every family.
    package var droppedLabels: Set<SeriesLabel> = []
    /// Prices from the config file's `pricing.models`, over the bundled table and `--pricing.file`.
    package var priceOverrides: [String: PriceOverride] = [:]
    package var pollIntervalMillis: Int64 = 2000
    /// `--source.watch`: file events, or polling only.
    package var watchMode = FileWatchMode.events
    /// `--source.rescan-interval`: with file events, every file is looked at this often anyway.
    package var rescanIntervalMillis: Int64 = 60_000
    /// With file events, every file is looked at this often when every tree is on a local file
    /// system (whose events see every change): an hour (no flag; tests shorten it).
    package var localRescanIntervalMillis: Int64 = 3_600_000
    package var maxLineBytes = 16 * 1024 * 1024
    package var pricingFile: String?
    package var costMode = CostMode.auto
    package var projectLabel = ProjectLabelMode.name
    /// The `user` label of Claude Code and Codex series: nil for the OS user's name, "" for none.
    package var user: String?
    /// `--state.dir`: nil for the default (`$XDG_STATE_HOME/llm-usage-exporter`, else
    /// `~/.local/state/llm-usage-exporter`), empty to keep no state.
    package var stateDir: String?
    package var saveIntervalMillis: Int64 = 30_000
    /// `--time-zone`: IANA name of the zone calendar periods are counted in; nil for the system's.
    package var timeZone: String?
    /// `--week-start`: weeks begin on Monday (default) or Sunday.
    package var weekStartsMonday = true
    /// Budgets from the config file, and the use ratios at which alerts fire.
    package var budgets: [Budget] = []
    package var warningRatio = 0.8
    package var criticalRatio = 0.95
    /// `--sessions.active-window`, `--sessions.max`.
    package var sessionWindowMillis: Int64 = 6 * 3_600_000
    package var sessionsMax = 50
    /// `--block.token-limit`: `max` or a number of tokens.
    package var blockTokenLimit = BlockTokenLimit.none
    package var once = false
    package var logLevel = Logger.Level.info
    package var logFormat = Logger.Format.logfmt

    package init() {}

    /// The selection of the source of that name (paths, enabled).
    package subscript(source name: String) -> SourceSelection {
        get { sources[name] ?? SourceSelection() }
        set { sources[name] = newValue }
    }
}
