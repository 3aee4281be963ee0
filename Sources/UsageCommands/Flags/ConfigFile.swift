import ByteJSON
import UsageIngest
import UsageModel
import UsageRuntime
import UsageSystem

/// `--config.file`: every setting of the exporter in one JSON document (the README shows a
/// complete example). Unknown keys, wrong types and impossible values are errors naming their
/// key path; nothing is ignored. Paths may start with `~/`.
enum ConfigFile {
    static func load(path: String, environment: [String: String]) throws(UsageError) -> ExporterOptions {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: 16 << 20)
        } catch {
            throw UsageError("flag --config.file: \(error)")
        }
        var options = try parse(bytes, file: path, home: environment["HOME"] ?? "")
        options.configFile = path
        return options
    }

    static func parse(_ bytes: [UInt8], file: String, home: String) throws(UsageError) -> ExporterOptions {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw UsageError("\(file): not valid JSON: \(error)")
        }
        var options = ExporterOptions()
        let root = try ConfigObject(
            document, file: file, path: "",
            allowed: [
                "web", "sources", "labels", "pricing", "state", "log", "time_zone", "week_start", "budgets", "sessions",
                "blocks",
            ])
        let expand = { (path: String) in HomePath.expand(path, home: home) }

        if let web = try root.object(
            "web", allowed: ["listen_addresses", "telemetry_path", "config_file", "max_requests"])
        {
            if let texts = try web.strings("listen_addresses") {
                guard !texts.isEmpty else { throw UsageError("\(web.what("listen_addresses")): expected at least one") }
                options.listenAddresses = []
                for (index, text) in texts.enumerated() {
                    options.listenAddresses.append(
                        try OptionValues.listenAddress(text, web.what("listen_addresses") + "[\(index)]"))
                }
            }
            if let path = try web.string("telemetry_path") {
                options.telemetryPath = try OptionValues.telemetryPath(path, web.what("telemetry_path"))
            }
            if let path = try web.string("config_file") {
                options.webConfigFile = expand(try OptionValues.path(path, web.what("config_file")))
            }
            if let count = try web.integer("max_requests") {
                options.maxRequests = try OptionValues.positiveInt(String(count), web.what("max_requests"))
            }
        }

        if let sources = try root.object(
            "sources",
            allowed: [
                "claude_code", "codex", "team_usage", "prompt_audit", "events", "poll_interval", "max_line_bytes",
            ])
        {
            let source = ["enabled", "paths"]
            if let claude = try sources.object("claude_code", allowed: source) {
                options.claudeCodeEnabled = try claude.bool("enabled") ?? true
                options.claudeCodeRoots = try claude.strings("paths")?.map(expand)
            }
            if let codex = try sources.object("codex", allowed: source) {
                options.codexEnabled = try codex.bool("enabled") ?? true
                options.codexRoots = try codex.strings("paths")?.map(expand)
            }
            for (key, list) in [
                ("team_usage", \ExporterOptions.teamUsageGlobs), ("prompt_audit", \.promptAuditGlobs),
                ("events", \.eventGlobs),
            ] {
                guard let section = try sources.object(key, allowed: source) else { continue }
                let enabled = try section.bool("enabled") ?? true
                options[keyPath: list] = enabled ? try section.strings("paths")?.map(expand) ?? [] : []
            }
            if let text = try sources.string("poll_interval") {
                options.pollIntervalMillis = try OptionValues.pollInterval(text, sources.what("poll_interval"))
            }
            if let text = try sources.string("max_line_bytes") {
                options.maxLineBytes = try OptionValues.maxLineBytes(text, sources.what("max_line_bytes"))
            }
        }

        if let labels = try root.object("labels", allowed: ["project", "drop"]) {
            if let text = try labels.string("project") {
                options.projectLabel = try OptionValues.projectLabel(text, labels.what("project"))
            }
            if let names = try labels.strings("drop") {
                options.droppedLabels = try OptionValues.droppedLabels(names, labels.what("drop"))
            }
        }

        if let pricing = try root.object("pricing", allowed: ["cost_mode", "file", "models"]) {
            if let text = try pricing.string("cost_mode") {
                options.costMode = try OptionValues.costMode(text, pricing.what("cost_mode"))
            }
            if let path = try pricing.string("file") {
                options.pricingFile = expand(try OptionValues.path(path, pricing.what("file")))
            }
            let rates = ["provider", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read"]
            for (name, model) in try pricing.namedObjects("models", allowed: rates) ?? [] {
                options.priceOverrides[name] = try priceOverride(model)
            }
        }

        if let state = try root.object("state", allowed: ["dir", "save_interval"]) {
            if let dir = try state.string("dir") { options.stateDir = dir.isEmpty ? "" : expand(dir) }
            if let text = try state.string("save_interval") {
                options.saveIntervalMillis = try OptionValues.saveInterval(text, state.what("save_interval"))
            }
        }

        if let log = try root.object("log", allowed: ["level"]), let text = try log.string("level") {
            options.logLevel = try OptionValues.logLevel(text, log.what("level"))
        }
        if let zone = try root.string("time_zone") {
            options.timeZone = try OptionValues.timeZone(zone, root.what("time_zone"))
        }
        if let text = try root.string("week_start") {
            options.weekStartsMonday = try OptionValues.weekStartsMonday(text, root.what("week_start"))
        }
        if let sessions = try root.object("sessions", allowed: ["active_window", "max"]) {
            if let text = try sessions.string("active_window") {
                options.sessionWindowMillis = try OptionValues.sessionWindow(text, sessions.what("active_window"))
            }
            if let count = try sessions.integer("max") {
                options.sessionsMax = try OptionValues.positiveInt(String(count), sessions.what("max"))
            }
        }
        if let blocks = try root.object("blocks", allowed: ["token_limit"]) {
            if let text = try blocks.stringOrInteger("token_limit") {
                options.blockTokenLimit = try OptionValues.blockTokenLimit(text, blocks.what("token_limit"))
            }
        }
        if let budgets = try root.object(
            "budgets",
            allowed: ["daily", "weekly", "monthly", "projects", "tenants", "warning_ratio", "critical_ratio"])
        {
            options.budgets = try amounts(budgets, scope: .global, value: "")
            for (scope, key) in [(Budget.Scope.project, "projects"), (.tenant, "tenants")] {
                for (name, section) in try budgets.namedObjects(key, allowed: ["daily", "weekly", "monthly"]) ?? [] {
                    options.budgets += try amounts(section, scope: scope, value: name)
                }
            }
            options.warningRatio = try budgets.amount("warning_ratio") ?? options.warningRatio
            options.criticalRatio = try budgets.amount("critical_ratio") ?? options.criticalRatio
            guard options.warningRatio > 0, options.warningRatio <= options.criticalRatio, options.criticalRatio <= 10
            else {
                throw UsageError(
                    "\(budgets.what("warning_ratio")): \(options.warningRatio) and critical_ratio \(options.criticalRatio) must satisfy 0 < warning <= critical <= 10"
                )
            }
        }
        return options
    }

    /// The daily, weekly and monthly amounts of one scope; each must be above zero.
    private static func amounts(
        _ section: ConfigObject, scope: Budget.Scope, value: String
    ) throws(UsageError)
        -> [Budget]
    {
        var budgets: [Budget] = []
        for (key, period) in [("daily", Period.day), ("weekly", .week), ("monthly", .month)] {
            guard let amount = try section.amount(key) else { continue }
            guard amount > 0 else { throw UsageError("\(section.what(key)): a budget must be above 0") }
            budgets.append(Budget(scope: scope, scopeValue: value, period: period, amountUSD: amount))
        }
        return budgets
    }

    /// A model's price in USD per million tokens. Cache rates left out follow the provider's
    /// rules: Anthropic's ratios (1.25x, 2x, 0.1x the input price), else the input price.
    private static func priceOverride(_ model: ConfigObject) throws(UsageError) -> PriceOverride {
        guard let input = try model.amount("input") else { throw UsageError("\(model.what("input")): required") }
        guard let output = try model.amount("output") else { throw UsageError("\(model.what("output")): required") }
        let provider = try model.string("provider") ?? "unknown"
        guard !provider.isEmpty else { throw UsageError("\(model.what("provider")): expected a non-empty string") }
        var rates =
            provider == "anthropic"
            ? TokenRates.anthropic(input: input, output: output)
            : TokenRates(input: input, output: output, cacheWrite5m: input, cacheWrite1h: input, cacheRead: input)
        rates.cacheWrite5m = try model.amount("cache_write_5m") ?? rates.cacheWrite5m
        rates.cacheWrite1h = try model.amount("cache_write_1h") ?? rates.cacheWrite1h
        rates.cacheRead = try model.amount("cache_read") ?? rates.cacheRead
        return PriceOverride(provider: provider, price: ModelPrice(rates: rates))
    }
}
