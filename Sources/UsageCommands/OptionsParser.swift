import UsageIngest
import UsageModel
import UsageServer

/// Parses the exporter's flags (`--flag=value` or `--flag value`), as Prometheus exporters spell them.
public enum OptionsParser {
    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        var options = ExporterOptions()
        var listen: [ListenAddress] = []
        var roots: [String] = []
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
            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw UsageError("flag \(name) needs a value") }
                index += 1
                return arguments[index - 1]
            }
            func noValue() throws(UsageError) {
                if inlineValue != nil { throw UsageError("flag \(name) takes no value") }
            }
            switch name {
            case "-h", "--help":
                return .help
            case "--version":
                return .version
            case "--once":
                try noValue()
                options.once = true
            case "--web.listen-address":
                let text = try value()
                guard let address = ListenAddress(parsing: text) else {
                    throw UsageError(
                        "flag --web.listen-address: \"\(text)\" is not host:port (e.g. 127.0.0.1:10120, :10120, [::1]:10120)"
                    )
                }
                listen.append(address)
            case "--web.telemetry-path":
                let path = try value()
                guard path.hasPrefix("/"), path.count > 1 else {
                    throw UsageError("flag --web.telemetry-path: \"\(path)\" must start with / and not be /")
                }
                options.telemetryPath = path
            case "--web.max-requests":
                let text = try value()
                guard let count = Int(text), count > 0 else {
                    throw UsageError("flag --web.max-requests: \"\(text)\" is not a positive integer")
                }
                options.maxRequests = count
            case "--web.config.file":
                let path = try value()
                guard !path.isEmpty else { throw UsageError("flag --web.config.file needs a path") }
                options.webConfigFile = path
            case "--source.claude-code":
                let path = try value()
                guard !path.isEmpty else { throw UsageError("flag --source.claude-code needs a path") }
                roots.append(path)
            case "--no-source.claude-code":
                try noValue()
                options.claudeCodeEnabled = false
            case "--source.poll-interval":
                let text = try value()
                guard let millis = parseDuration(text), millis >= 10 else {
                    throw UsageError(
                        "flag --source.poll-interval: \"\(text)\" is not a duration of at least 10ms (e.g. 2s, 500ms, 1m)"
                    )
                }
                options.pollIntervalMillis = millis
            case "--source.max-line-bytes":
                let text = try value()
                guard let bytes = parseSize(text), bytes >= 1024, bytes <= 1 << 30 else {
                    throw UsageError(
                        "flag --source.max-line-bytes: \"\(text)\" is not a size between 1KiB and 1GiB (e.g. 16MiB)")
                }
                options.maxLineBytes = bytes
            case "--pricing.file":
                options.pricingFile = try value()
            case "--cost.mode":
                let text = try value()
                guard let mode = CostMode(rawValue: text) else {
                    throw UsageError("flag --cost.mode: \"\(text)\" is not one of auto, calculate, display")
                }
                options.costMode = mode
            case "--label.project":
                let text = try value()
                guard let mode = ProjectLabelMode(rawValue: text) else {
                    throw UsageError("flag --label.project: \"\(text)\" is not one of name, path, hash, none")
                }
                options.projectLabel = mode
            case "--state.dir":
                options.stateDir = try value()
            case "--state.save-interval":
                let text = try value()
                guard let millis = parseDuration(text), millis >= 100 else {
                    throw UsageError(
                        "flag --state.save-interval: \"\(text)\" is not a duration of at least 100ms (e.g. 30s, 5m)")
                }
                options.saveIntervalMillis = millis
            case "--log.level":
                let text = try value()
                guard let level = Logger.Level(name: text) else {
                    throw UsageError("flag --log.level: \"\(text)\" is not one of debug, info, warn, error")
                }
                options.logLevel = level
            default:
                throw UsageError("unknown flag \(name) (see --help)")
            }
        }
        if !listen.isEmpty { options.listenAddresses = listen }
        if !roots.isEmpty { options.claudeCodeRoots = roots }
        return .serve(options)
    }

    /// `500ms`, `2s`, `1.5s`, `1m`, `1h` in milliseconds.
    static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number.isFinite, number >= 0 else { return nil }
            return Int64(number * scale)
        }
        return nil
    }

    /// A byte count, bare or with a `KiB`/`MiB`/`GiB` (or `KB`/`MB`/`GB`) suffix.
    static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("B", 1),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Int(text.dropLast(suffix.count)), number >= 0 else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: scale)
            return overflow ? nil : product
        }
        return Int(text)
    }
}
