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
        let root = try ConfigObject(document, file: file, path: "", allowed: keys(under: []))
        // Every flag's config key, read as the flag would be and applied by the same code.
        for flag in FlagTable.all {
            guard let (path, kind) = flag.config, let object = try object(at: Array(path.dropLast()), in: root) else {
                continue
            }
            let key = path.last!
            let values: [String]?
            switch kind {
            case .string: values = try object.string(key).map { [$0] }
            case .integer: values = try object.integer(key).map { [String($0)] }
            case .stringOrInteger: values = try object.stringOrInteger(key).map { [$0] }
            case .strings: values = try object.strings(key)
            case .bool: values = try object.bool(key).map { [$0 ? "true" : "false"] }
            }
            if let values { try flag.apply(&options, values, .config(object.what(key), home: home)) }
        }

        // The settings only the config file has: model prices and budgets.
        if let pricing = try object(at: ["pricing"], in: root) {
            let rates = ["provider", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read"]
            for (name, model) in try pricing.namedObjects("models", allowed: rates) ?? [] {
                options.priceOverrides[name] = try priceOverride(model)
            }
        }
        if let budgets = try object(at: ["budgets"], in: root) {
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

    /// Keys only the config file has, beside the flags' (``FlagTable``).
    private static let fileOnlyKeys: [[String]] = [
        ["pricing", "models"], ["budgets", "daily"], ["budgets", "weekly"], ["budgets", "monthly"],
        ["budgets", "projects"], ["budgets", "tenants"], ["budgets", "warning_ratio"], ["budgets", "critical_ratio"],
    ]

    /// The keys an object at `prefix` may hold, in the table's order: the next component of
    /// every config path below it.
    private static func keys(under prefix: [String]) -> [String] {
        var keys: [String] = []
        for path in FlagTable.all.compactMap({ $0.config?.path }) + fileOnlyKeys
        where path.count > prefix.count && Array(path.prefix(prefix.count)) == prefix {
            if !keys.contains(path[prefix.count]) { keys.append(path[prefix.count]) }
        }
        return keys
    }

    /// The object at a key path below `root`, each level checked for unknown keys; nil when absent.
    private static func object(at path: [String], in root: ConfigObject) throws(UsageError) -> ConfigObject? {
        var object = root
        var prefix: [String] = []
        for key in path {
            prefix.append(key)
            guard let next = try object.object(key, allowed: keys(under: prefix)) else { return nil }
            object = next
        }
        return object
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
