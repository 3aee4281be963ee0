import UsageRuntime
import UsageSystem

/// Every setting of the exporter, in `--help`'s order: adding one is adding a row.
enum FlagTable {
    static let all: [Flag] =
        [
            Flag(
                name: "--web.listen-address", arity: .list(placeholder: "ADDR"),
                help: ["address to serve on, repeatable (default 127.0.0.1:10120)"],
                config: (["web", "listen_addresses"], .strings)
            ) { options, values, setting throws(UsageError) in
                guard !values.isEmpty else { throw UsageError("\(setting.what): expected at least one") }
                var addresses: [ListenAddress] = []
                for (index, text) in values.enumerated() {
                    addresses.append(try OptionValues.listenAddress(text, setting.element(index)))
                }
                options.listenAddresses = addresses
            },
            value(
                "--web.telemetry-path", "PATH", ["path of the metrics (default /metrics)"], ["web", "telemetry_path"]
            ) { options, text, setting throws(UsageError) in
                options.telemetryPath = try OptionValues.telemetryPath(text, setting.what)
            },
            value(
                "--web.config.file", "PATH",
                [
                    "exporter-toolkit web config: tls_server_config (TLS, mutual TLS),",
                    "basic_auth_users (bcrypt), http_server_config.headers",
                ],
                ["web", "config_file"]
            ) { options, text, setting throws(UsageError) in
                options.webConfigFile = setting.expand(try OptionValues.path(text, setting.what))
            },
            value(
                "--web.max-requests", "N", ["connections served at once; more get 503 (default 40, 0 for no limit)"],
                ["web", "max_requests"], .integer
            ) { options, text, setting throws(UsageError) in
                // 0 is no limit, as in node_exporter: the descriptors are the bound then.
                let count = text == "0" ? 0 : try OptionValues.positiveInt(text, setting.what)
                options.maxRequests = count == 0 ? Int.max : count
            },
            Flag(
                name: "--web.systemd-socket", arity: .none,
                help: ["serve the sockets systemd passes in (a .socket unit), not the addresses"],
                config: (["web", "systemd_socket"], .bool)
            ) { options, values, _ throws(UsageError) in
                options.systemdSocket = values.first != "false"
            },
            Flag(
                name: "--web.disable-exporter-metrics", arity: .none,
                help: ["leave the process_* metrics out of /metrics"],
                config: (["web", "disable_exporter_metrics"], .bool)
            ) { options, values, _ throws(UsageError) in
                // The flag turns them off; the config file's key says either.
                options.exporterMetrics = values.first == "false"
            },
        ]
        + SourceRegistry.all.flatMap(sourceFlags)
        + [
            value("--config.file", "PATH", ["every setting in one JSON file; flags override it"], nil) {
                options, text, setting throws(UsageError) in
                options.configFile = try OptionValues.path(text, setting.what)
            },
            value(
                "--source.poll-interval", "DUR", ["how often files are checked for new lines (default 2s)"],
                ["sources", "poll_interval"]
            ) { options, text, setting throws(UsageError) in
                options.pollIntervalMillis = try OptionValues.pollInterval(text, setting.what)
            },
            value(
                "--source.watch", "MODE",
                ["events (inotify: new lines are read as they are written) or poll", "(default events)"],
                ["sources", "watch"]
            ) { options, text, setting throws(UsageError) in
                options.watchMode = try OptionValues.watchMode(text, setting.what)
            },
            value(
                "--source.rescan-interval", "DUR",
                [
                    "with file events, how often every file is looked at anyway, for",
                    "file systems without events such as NFS (default 60s)",
                ],
                ["sources", "rescan_interval"]
            ) { options, text, setting throws(UsageError) in
                options.rescanIntervalMillis = try OptionValues.duration(
                    text, setting.what, from: 1000, to: 86_400_000, examples: "60s, 5m")
            },
            value(
                "--source.max-line-bytes", "SIZE", ["longer lines are counted as rejected and skipped (default 16MiB)"],
                ["sources", "max_line_bytes"]
            ) { options, text, setting throws(UsageError) in
                options.maxLineBytes = try OptionValues.maxLineBytes(text, setting.what)
            },
            Flag(
                name: "--source.disable-activity", arity: .none,
                help: ["count usage only: no tools, edits, prompts, API errors, sessions or agents"],
                config: (["sources", "disable_activity"], .bool)
            ) { options, values, _ throws(UsageError) in
                options.countsActivity = values.first == "false"
            },
            value(
                "--pricing.file", "PATH",
                ["prices merged over the bundled table (LiteLLM's", "model_prices_and_context_window JSON format)"],
                ["pricing", "file"]
            ) { options, text, setting throws(UsageError) in
                options.pricingFile = setting.expand(try OptionValues.path(text, setting.what))
            },
            value(
                "--cost.mode", "MODE",
                ["auto (costUSD when a line has it, else calculated),", "calculate, or display (default auto)"],
                ["pricing", "cost_mode"]
            ) { options, text, setting throws(UsageError) in
                options.costMode = try OptionValues.costMode(text, setting.what)
            },
            value(
                "--label.project", "MODE", ["project label: name, path, hash or none (default name)"],
                ["labels", "project"]
            ) { options, text, setting throws(UsageError) in
                options.projectLabel = try OptionValues.projectLabel(text, setting.what)
            },
            value(
                "--label.user", "NAME",
                ["user label of Claude Code and Codex series (default: the OS user; \"\" for none)"],
                ["labels", "user"]
            ) { options, text, _ throws(UsageError) in
                options.user = text
            },
            Flag(
                name: "--label.drop", arity: .value(placeholder: "LABELS"),
                help: ["labels left out of every family, summed (e.g. user,tenant)"],
                config: (["labels", "drop"], .strings)
            ) { options, values, setting throws(UsageError) in
                // Comma-separated on the command line, a list in the config file.
                let names = values.flatMap {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
                options.droppedLabels = try OptionValues.droppedLabels(names, setting.what)
            },
            value(
                "--time-zone", "NAME", ["IANA zone of the day/week/month gauges (default: the system's)"], ["time_zone"]
            ) { options, text, setting throws(UsageError) in
                options.timeZone = try OptionValues.timeZone(text, setting.what)
            },
            value("--week-start", "DAY", ["monday or sunday (default monday)"], ["week_start"]) {
                options, text, setting throws(UsageError) in
                options.weekStartsMonday = try OptionValues.weekStartsMonday(text, setting.what)
            },
            value(
                "--sessions.active-window", "DUR", ["sessions active this recently are exported (default 6h)"],
                ["sessions", "active_window"]
            ) { options, text, setting throws(UsageError) in
                options.sessionWindowMillis = try OptionValues.sessionWindow(text, setting.what)
            },
            value(
                "--sessions.max", "N", ["at most this many sessions, costliest first (default 50)"],
                ["sessions", "max"], .integer
            ) { options, text, setting throws(UsageError) in
                options.sessionsMax = try OptionValues.positiveInt(text, setting.what)
            },
            value(
                "--block.token-limit", "LIMIT", ["max (largest finished block) or a number of tokens"],
                ["blocks", "token_limit"], .stringOrInteger
            ) { options, text, setting throws(UsageError) in
                options.blockTokenLimit = try OptionValues.blockTokenLimit(text, setting.what)
            },
            value(
                "--state.dir", "PATH",
                [
                    "where counted usage is kept across restarts and deleted files",
                    "(default $XDG_STATE_HOME/llm-usage-exporter, else",
                    "~/.local/state/llm-usage-exporter; \"\" keeps no state)",
                ],
                ["state", "dir"]
            ) { options, text, setting throws(UsageError) in
                options.stateDir = text.isEmpty ? "" : setting.expand(text)
            },
            value(
                "--state.save-interval", "DUR", ["how often the state is saved, and at shutdown (default 30s)"],
                ["state", "save_interval"]
            ) { options, text, setting throws(UsageError) in
                options.saveIntervalMillis = try OptionValues.saveInterval(text, setting.what)
            },
            value("--log.level", "LEVEL", ["debug, info, warn or error (default info)"], ["log", "level"]) {
                options, text, setting throws(UsageError) in
                options.logLevel = try OptionValues.logLevel(text, setting.what)
            },
            value("--log.format", "FORMAT", ["logfmt or json (default logfmt)"], ["log", "format"]) {
                options, text, setting throws(UsageError) in
                options.logFormat = try OptionValues.logFormat(text, setting.what)
            },
            Flag(
                name: "--once", arity: .none,
                help: ["read everything once, print the metrics to stdout, exit", "(reads and writes no state)"],
                config: nil
            ) { options, _, _ throws(UsageError) in options.once = true },
        ]

    /// The flags and config keys a source's registry entry makes: `--source.NAME` (its paths),
    /// `--no-source.NAME` where it has defaults, and `sources.NAME.enabled` in the config file.
    private static func sourceFlags(_ source: SourceDefinition) -> [Flag] {
        let name = source.name
        let paths = Flag(
            name: source.flagName, arity: .list(placeholder: source.placeholder), help: source.help,
            config: (["sources", name, "paths"], .strings)
        ) { options, values, setting throws(UsageError) in
            var paths: [String] = []
            for text in values { paths.append(setting.expand(try OptionValues.path(text, setting.what))) }
            options[source: name].paths = paths
        }
        let enabled = Flag(
            name: source.disableFlagName, arity: .none, help: source.disableHelp.map { [$0] } ?? [],
            config: (["sources", name, "enabled"], .bool)
        ) { options, values, _ throws(UsageError) in
            // The flag turns the source off; the config file's `enabled` says either.
            options[source: name].enabled = values.first == "true"
        }
        return [paths, enabled]
    }

    /// A flag that takes one value, and its config key.
    private static func value(
        _ name: String, _ placeholder: String, _ help: [String], _ config: [String]?,
        _ kind: Flag.ConfigValue = .string,
        _ apply: @escaping @Sendable (inout ExporterOptions, String, Setting) throws(UsageError) -> Void
    ) -> Flag {
        Flag(name: name, arity: .value(placeholder: placeholder), help: help, config: config.map { ($0, kind) }) {
            options, values, setting throws(UsageError) in
            try apply(&options, values[0], setting)
        }
    }

    /// The flag of that name.
    static func named(_ name: String) -> Flag? { all.first { $0.name == name } }
}
