import UsageModel
import UsageRuntime

/// The `--help` text.
enum HelpText {
    static let text = """
        usage: llm-usage-exporter [flags]
               llm-usage-exporter pricing [--format=table|json] [flags]
               llm-usage-exporter pricing update [--url=URL] [--timeout=DUR] [flags]
               llm-usage-exporter check [flags]
               llm-usage-exporter statusline [--web.listen-address=ADDR]
               llm-usage-exporter report daily|weekly|monthly|session|blocks [report flags] [flags]

        Reads AI-agent usage logs (Claude Code transcripts, Codex sessions, team usage records,
        prompt audits, application usage events) and serves them as Prometheus metrics.

        Flags:
          --web.listen-address=ADDR    address to serve on, repeatable (default 127.0.0.1:10120)
          --web.telemetry-path=PATH    path of the metrics (default /metrics)
          --web.config.file=PATH       exporter-toolkit web config: basic_auth_users (bcrypt); TLS
                                       belongs in a reverse proxy
          --web.max-requests=N         connections served at once; more get 503 (default 40)
          --source.claude-code=PATH    Claude Code config root or its projects/ folder, repeatable
                                       (default: $CLAUDE_CONFIG_DIR, comma-separated, else
                                       ~/.config/claude and ~/.claude)
          --no-source.claude-code      do not read Claude Code transcripts
          --source.codex=PATH          Codex home (sessions/, archived_sessions/), repeatable
                                       (default: $CODEX_HOME, else ~/.codex)
          --no-source.codex            do not read Codex sessions
          --source.team-usage=GLOB     team usage records (token-usage-*.jsonl), repeatable
          --source.prompt-audit=GLOB   prompt audits (prompt-audit-*.jsonl), repeatable
          --source.events=GLOB         application usage events, repeatable
          --config.file=PATH           every setting in one JSON file; flags override it
          --source.poll-interval=DUR   how often files are checked for new lines (default 2s)
          --source.max-line-bytes=SIZE longer lines are counted as rejected and skipped (default 16MiB)
          --pricing.file=PATH          prices merged over the bundled table (LiteLLM's
                                       model_prices_and_context_window JSON format)
          --cost.mode=MODE             auto (costUSD when a line has it, else calculated),
                                       calculate, or display (default auto)
          --label.project=MODE         project label: name, path, hash or none (default name)
          --label.drop=LABELS          labels left out of every family, summed (e.g. user,tenant)
          --time-zone=NAME             IANA zone of the day/week/month gauges (default: the system's)
          --week-start=DAY             monday or sunday (default monday)
          --sessions.active-window=DUR sessions active this recently are exported (default 6h)
          --sessions.max=N             at most this many sessions, costliest first (default 50)
          --block.token-limit=LIMIT    max (largest finished block) or a number of tokens
          --state.dir=PATH             where counted usage is kept across restarts and deleted files
                                       (default $XDG_STATE_HOME/llm-usage-exporter, else
                                       ~/.local/state/llm-usage-exporter; "" keeps no state)
          --state.save-interval=DUR    how often the state is saved, and at shutdown (default 30s)
          --log.level=LEVEL            debug, info, warn or error (default info)
          --once                       read everything once, print the metrics to stdout, exit
                                       (reads and writes no state)
          --version                    print the version and exit
          -h, --help                   print this help and exit

        """

    /// The help of one command.
    static func help(for command: String) -> String {
        switch command {
        case "pricing":
            return """
                usage: llm-usage-exporter pricing [--format=table|json] [--pricing.file=PATH] [--config.file=PATH]

                Prints the effective price table, in USD per million tokens: the bundled prices, then
                the prices.json `pricing update` wrote into the state folder, then --pricing.file,
                then the config file's pricing.models, as the exporter applies them. The ORIGIN
                column says where each row comes from. `pricing update --help`: current prices.

                Flags:
                  --format=FORMAT      table (aligned for a terminal, default) or json
                  --pricing.file=PATH  prices merged over the bundled table (LiteLLM's JSON format)
                  --config.file=PATH   the exporter's config file (its pricing section applies)
                  -h, --help           print this help and exit

                """
        case "pricing update":
            return """
                usage: llm-usage-exporter pricing update [--url=URL] [--timeout=DUR] [--state.dir=PATH]

                Downloads LiteLLM's price file, checks that it parses and prices the bundled models,
                and writes it atomically to prices.json in the state folder, where a running exporter
                with that folder reads it from its next poll (and requests counted while their model
                had no price are priced then, once). On any failure the prices in use stay.

                Flags:
                  --url=URL         where to download from (default LiteLLM's published file,
                                    \(PricingUpdate.defaultURL))
                  --timeout=DUR     give up after this long (default 30s)
                  --state.dir=PATH  the exporter's state folder (default as for the exporter)
                  -h, --help        print this help and exit
                Exit status: 0 written, 1 not (the reason is printed), 2 on a usage error.

                """
        case "statusline":
            return """
                usage: llm-usage-exporter statusline [--web.listen-address=ADDR]

                For Claude Code's status line ("statusLine": {"type": "command", "command":
                "llm-usage-exporter statusline"}): reads Claude Code's JSON on standard input and prints
                one line: model, session cost, today's cost, the active block's cost and time left, the
                burn rate and the most used budget. The numbers come from the running exporter at
                ADDR (default 127.0.0.1:10120), which has them computed, so the line costs one local
                request, not a read of the history. Without an exporter it shows what Claude Code sent.

                """
        case "check":
            return """
                usage: llm-usage-exporter check [flags]

                Reads every configured source once, as the exporter would, and reports the config, each
                source path (found, readable, files and lines), models without a price, and rejected lines
                by reason with a few file:line examples. Takes the exporter's flags and --config.file.
                Exit status: 0 when clean, 1 when problems were found, 2 on a usage error.

                """
        case "report":
            return """
                usage: llm-usage-exporter report daily|weekly|monthly|session|blocks [report flags] [flags]

                Usage per day, week or month in --time-zone, per session, or per five-hour block of the
                last 40 days (Claude Code), from the exporter's saved
                state when it is there (brought up to date from the files) or from the files.

                Report flags:
                  --group-by=LABEL  model, project, user, phase, tenant or source; repeatable
                  --since=DATE      first day, YYYY-MM-DD in the report's zone
                  --until=DATE      last day, YYYY-MM-DD, inclusive
                  --format=FORMAT   table (default), json or csv
                Takes the exporter's flags too (--config.file, --source.*, --time-zone, --state.dir).

                """
        default:
            return text
        }
    }

    static var version: String {
        "llm-usage-exporter \(ExporterVersion.version) (revision \(ExporterVersion.revision))\n"
    }
}
