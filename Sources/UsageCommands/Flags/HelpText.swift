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
               llm-usage-exporter completion bash|zsh

        Reads AI-agent usage logs (Claude Code transcripts, Codex sessions, team usage records,
        prompt audits, application usage events) and serves them as Prometheus metrics.

        Flags:

        """ + flagLines + "\n"

    /// One line per flag, and the lines its help continues on, from ``FlagTable`` (the
    /// config file's keys and the flags are one table).
    static var flagLines: String {
        var lines: [String] = []
        func add(_ usage: String, _ help: [String]) {
            let column = 29
            lines.append(
                "  " + usage + String(repeating: " ", count: max(1, column - usage.count)) + (help.first ?? ""))
            for line in help.dropFirst() { lines.append(String(repeating: " ", count: column + 2) + line) }
        }
        for flag in FlagTable.all { if let usage = flag.usage { add(usage, flag.help) } }
        add("--version", ["print the version and exit"])
        add("-h, --help", ["print this help and exit"])
        return lines.joined(separator: "\n") + "\n"
    }

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
        ExporterVersion.text
    }
}
