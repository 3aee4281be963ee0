import UsageIngest
import UsageModel
package import UsageRuntime
import UsageServer
import UsageSystem

/// Parses the exporter's flags (`--flag=value` or `--flag value`), as Prometheus exporters spell them.
package enum OptionsParser {
    /// The command the flags ask for, with the flags applied over `base` (the config file's
    /// settings): a repeatable flag given once replaces the file's whole list.
    package static func parse(
        _ arguments: [String], base: ExporterOptions = ExporterOptions()
    ) throws(UsageError)
        -> Command
    {
        if arguments.first == "completion" {
            guard arguments.count == 2, let shell = arguments.last, Completion.script(for: shell) != nil else {
                throw UsageError("usage: llm-usage-exporter completion bash|zsh")
            }
            return .completion(shell)
        }
        if arguments.first == "pricing" { return try parsePricing(Array(arguments.dropFirst()), base: base) }
        if arguments.first == "statusline" {
            guard let options = try commandOptions(arguments, base: base) else { return .commandHelp("statusline") }
            return .statusLine(options.listenAddresses[0])
        }
        if arguments.first == "report" { return try parseReport(Array(arguments.dropFirst()), base: base) }
        if arguments.first == "check" {
            guard let options = try commandOptions(arguments, base: base) else { return .commandHelp("check") }
            return .check(options)
        }
        var options = base
        // Repeatable flags collect their values and apply them once, after the others.
        var lists: [(flag: Flag, values: [String])] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                throw UsageError("unexpected argument \"\(argument)\" (flags start with --; see --help)")
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "-h" || name == "--help" { return .help }
            if name == "--version" { return .version }
            guard let flag = FlagTable.named(name) else { throw UsageError("unknown flag \(name) (see --help)") }
            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw UsageError("flag \(name) needs a value") }
                index += 1
                return arguments[index - 1]
            }
            switch flag.arity {
            case .none:
                if inlineValue != nil { throw UsageError("flag \(name) takes no value") }
                try flag.apply(&options, [], .flag(name))
            case .value:
                try flag.apply(&options, [try value()], .flag(name))
            case .list:
                let text = try value()
                if let at = lists.firstIndex(where: { $0.flag.name == name }) {
                    lists[at].values.append(text)
                } else {
                    lists.append((flag, [text]))
                }
            }
        }
        for (flag, values) in lists { try flag.apply(&options, values, .flag(flag.name!)) }
        return .serve(options)
    }

    /// The exporter's flags after a command's name; nil when they ask for help.
    private static func commandOptions(
        _ arguments: [String], base: ExporterOptions
    ) throws(UsageError)
        -> ExporterOptions?
    {
        let rest = Array(arguments.dropFirst())
        if rest.contains("-h") || rest.contains("--help") { return nil }
        guard case .serve(let options) = try parse(rest, base: base) else { return nil }
        return options
    }

    /// `pricing [--format=table|json]` and the flags that change prices (`--pricing.file`,
    /// `--config.file`).
    private static func parsePricing(_ arguments: [String], base: ExporterOptions) throws(UsageError) -> Command {
        if arguments.first == "update" { return try parsePricingUpdate(Array(arguments.dropFirst()), base: base) }
        var format = PricingFormat.table
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" { return .commandHelp("pricing") }
            if argument == "--format" || argument.hasPrefix("--format=") {
                var text = String(argument.dropFirst("--format=".count))
                if argument == "--format" {
                    guard index < arguments.count else { throw UsageError("flag --format needs a value") }
                    text = arguments[index]
                    index += 1
                }
                guard let parsed = PricingFormat(rawValue: text) else {
                    throw UsageError("flag --format: \"\(text)\" is not one of table, json")
                }
                format = parsed
                continue
            }
            rest.append(argument)
        }
        guard case .serve(let options) = try parse(rest, base: base) else { return .commandHelp("pricing") }
        return .pricing(options, format)
    }

    /// `pricing update [--url=URL] [--timeout=DUR]` and the exporter's flags (`--state.dir`).
    private static func parsePricingUpdate(_ arguments: [String], base: ExporterOptions) throws(UsageError) -> Command {
        var update = PricingUpdateOptions()
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" { return .commandHelp("pricing update") }
            guard let name = ["--url", "--timeout"].first(where: { argument == $0 || argument.hasPrefix($0 + "=") })
            else {
                rest.append(argument)
                continue
            }
            var value = String(argument.dropFirst(name.count + 1))
            if argument == name {
                guard index < arguments.count else { throw UsageError("flag \(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            if name == "--url" {
                guard HTTPURL(value) != nil else {
                    throw UsageError("flag --url: \"\(value)\" is not an http:// or https:// URL")
                }
                update.url = value
            } else {
                update.timeoutMillis = try OptionValues.duration(
                    value, "flag --timeout", from: 100, to: 3_600_000, examples: "30s")
            }
        }
        guard case .serve(let options) = try parse(rest, base: base) else { return .commandHelp("pricing update") }
        return .pricingUpdate(options, update)
    }

    /// `report KIND [--group-by=G]... [--since=DATE] [--until=DATE] [--format=F]` and the exporter's flags.
    private static func parseReport(_ arguments: [String], base: ExporterOptions) throws(UsageError) -> Command {
        if arguments.contains("-h") || arguments.contains("--help") { return .commandHelp("report") }
        guard let first = arguments.first, let kind = ReportOptions.Kind(rawValue: first) else {
            throw UsageError("report needs one of daily, weekly, monthly, session, blocks (see report --help)")
        }
        var report = ReportOptions(kind: kind)
        var rest: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let names = ["--group-by", "--since", "--until", "--format"]
            guard let name = names.first(where: { argument == $0 || argument.hasPrefix($0 + "=") }) else {
                rest.append(argument)
                continue
            }
            var value = String(argument.dropFirst(name.count + 1))
            if argument == name {
                guard index < arguments.count else { throw UsageError("flag \(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            switch name {
            case "--group-by":
                guard ["model", "project", "user", "phase", "tenant", "source"].contains(value) else {
                    throw UsageError(
                        "flag --group-by: \"\(value)\" is not one of model, project, user, phase, tenant, source")
                }
                report.groups.append(value)
            case "--since", "--until":
                guard ReportCommand.parseDate(value) != nil else {
                    throw UsageError("flag \(name): \"\(value)\" is not a date (YYYY-MM-DD)")
                }
                if name == "--since" { report.since = value } else { report.until = value }
            default:
                guard let format = ReportOptions.Format(rawValue: value) else {
                    throw UsageError("flag --format: \"\(value)\" is not one of table, json, csv")
                }
                report.format = format
            }
        }
        guard case .serve(let options) = try parse(rest, base: base) else { return .commandHelp("report") }
        return .report(options, report)
    }

    /// The `--config.file` path among the arguments, read before the other flags so that they
    /// apply over it.
    package static func configFile(in arguments: [String]) -> String? {
        var found: String?
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix("--config.file=") {
                found = String(argument.dropFirst("--config.file=".count))
            } else if argument == "--config.file", index + 1 < arguments.count {
                found = arguments[index + 1]
            }
        }
        return found
    }
}
