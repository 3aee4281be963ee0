public import UsageIngest
public import UsageModel
public import UsageServer

/// Everything the command line configures.
public struct ExporterOptions: Equatable, Sendable {
    public var listenAddresses = [ListenAddress(host: "127.0.0.1", port: 10120)]
    public var telemetryPath = "/metrics"
    public var maxRequests = 40
    /// `--web.config.file`: exporter-toolkit's web configuration (basic auth users).
    public var webConfigFile: String?
    /// Explicit `--source.claude-code` paths; nil means the defaults (CLAUDE_CONFIG_DIR, ~/.claude).
    public var claudeCodeRoots: [String]?
    public var claudeCodeEnabled = true
    /// Explicit `--source.codex` roots; nil means the default (`$CODEX_HOME`, else `~/.codex`).
    public var codexRoots: [String]?
    public var codexEnabled = true
    /// `--source.team-usage`, `--source.prompt-audit`, `--source.events`: globs; none by default.
    public var teamUsageGlobs: [String] = []
    public var promptAuditGlobs: [String] = []
    public var eventGlobs: [String] = []
    /// `--config.file`, already applied: flags override it.
    public var configFile: String?
    /// `--label.drop`: labels left out of every family.
    public var droppedLabels: Set<SeriesLabel> = []
    /// Prices from the config file's `pricing.models`, over the bundled table and `--pricing.file`.
    public var priceOverrides: [String: PriceOverride] = [:]
    public var pollIntervalMillis: Int64 = 2000
    public var maxLineBytes = 16 * 1024 * 1024
    public var pricingFile: String?
    public var costMode = CostMode.auto
    public var projectLabel = ProjectLabelMode.name
    /// `--state.dir`: nil for the default (`$XDG_STATE_HOME/llm-usage-exporter`, else
    /// `~/.local/state/llm-usage-exporter`), empty to keep no state.
    public var stateDir: String?
    public var saveIntervalMillis: Int64 = 30_000
    /// `--time-zone`: IANA name of the zone calendar periods are counted in; nil for the system's.
    public var timeZone: String?
    /// `--week-start`: weeks begin on Monday (default) or Sunday.
    public var weekStartsMonday = true
    /// Budgets from the config file, and the use ratios at which alerts fire.
    public var budgets: [Budget] = []
    public var warningRatio = 0.8
    public var criticalRatio = 0.95
    /// `--sessions.active-window`, `--sessions.max`.
    public var sessionWindowMillis: Int64 = 6 * 3_600_000
    public var sessionsMax = 50
    /// `--block.token-limit`: `max` or a number of tokens.
    public var blockTokenLimit = BlockTokenLimit.none
    public var once = false
    public var logLevel = Logger.Level.info

    public init() {}
}
