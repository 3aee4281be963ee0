import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// Checks a setting's value, given as a flag or in the config file; `what` names where it came
/// from (`flag --cost.mode`, `/etc/llm-usage.json: pricing.cost_mode`) in the error.
enum OptionValues {
    static func listenAddress(_ text: String, _ what: String) throws(UsageError) -> ListenAddress {
        guard let address = ListenAddress(parsing: text) else {
            throw UsageError("\(what): \"\(text)\" is not host:port (e.g. 127.0.0.1:10120, :10120, [::1]:10120)")
        }
        return address
    }

    static func telemetryPath(_ path: String, _ what: String) throws(UsageError) -> String {
        guard path.hasPrefix("/"), path.count > 1 else {
            throw UsageError("\(what): \"\(path)\" must start with / and not be /")
        }
        return path
    }

    static func positiveInt(_ text: String, _ what: String) throws(UsageError) -> Int {
        guard let count = Int(text), count > 0 else {
            throw UsageError("\(what): \"\(text)\" is not a positive integer")
        }
        return count
    }

    static func path(_ text: String, _ what: String) throws(UsageError) -> String {
        guard !text.isEmpty else { throw UsageError("\(what) needs a path") }
        return text
    }

    static func pollInterval(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        try duration(text, what, from: 10, to: 3_600_000, examples: "2s, 500ms, 1m")
    }

    static func saveInterval(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        try duration(text, what, from: 100, to: 86_400_000, examples: "30s, 5m")
    }

    /// A duration in milliseconds within `[from, to]`, else an error naming the range.
    static func duration(
        _ text: String, _ what: String, from minimum: Int64, to maximum: Int64, examples: String
    ) throws(UsageError) -> Int64 {
        guard let millis = parseDuration(text), millis >= minimum, millis <= maximum else {
            throw UsageError(
                "\(what): \"\(text)\" is not a duration between \(durationText(minimum)) and \(durationText(maximum)) (e.g. \(examples))"
            )
        }
        return millis
    }

    /// `10ms`, `1m`, `1h`, `1d` for a bound.
    private static func durationText(_ millis: Int64) -> String {
        for (unit, scale) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        where millis % scale == 0 {
            return "\(millis / scale)\(unit)"
        }
        return "\(millis)ms"
    }

    static func maxLineBytes(_ text: String, _ what: String) throws(UsageError) -> Int {
        guard let bytes = parseSize(text), bytes >= 1024, bytes <= 1 << 30 else {
            throw UsageError("\(what): \"\(text)\" is not a size between 1KiB and 1GiB (e.g. 16MiB)")
        }
        return bytes
    }

    static func costMode(_ text: String, _ what: String) throws(UsageError) -> CostMode {
        try choice(text, what)
    }

    static func projectLabel(_ text: String, _ what: String) throws(UsageError) -> ProjectLabelMode {
        try choice(text, what)
    }

    static func logLevel(_ text: String, _ what: String) throws(UsageError) -> Logger.Level {
        guard let level = Logger.Level(name: text) else {
            throw UsageError("\(what): \"\(text)\" is not one of debug, info, warn, error")
        }
        return level
    }

    static func watchMode(_ text: String, _ what: String) throws(UsageError) -> FileWatchMode {
        try choice(text, what)
    }

    static func logFormat(_ text: String, _ what: String) throws(UsageError) -> Logger.Format {
        try choice(text, what)
    }

    /// One of an enumeration's values by its name, else an error listing them in their order.
    private static func choice<Value: RawRepresentable & CaseIterable>(
        _ text: String, _ what: String
    ) throws(UsageError) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("\(what): \"\(text)\" is not one of \(names)")
        }
        return value
    }

    /// An IANA time zone name the system knows.
    static func timeZone(_ text: String, _ what: String) throws(UsageError) -> String {
        guard PeriodCalendar(zoneName: text) != nil else {
            throw UsageError(
                "\(what): \"\(text)\" is not a time zone this system knows (an IANA name like Europe/Berlin or UTC)")
        }
        return text
    }

    /// `monday` or `sunday`: true for Monday.
    static func weekStartsMonday(_ text: String, _ what: String) throws(UsageError) -> Bool {
        switch text {
        case "monday": return true
        case "sunday": return false
        default: throw UsageError("\(what): \"\(text)\" is not monday or sunday")
        }
    }

    static func sessionWindow(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        try duration(text, what, from: 60_000, to: 366 * 86_400_000, examples: "6h")
    }

    /// `max` or a positive number of tokens.
    static func blockTokenLimit(_ text: String, _ what: String) throws(UsageError) -> BlockTokenLimit {
        if text == "max" { return .largestFinished }
        guard let tokens = UInt64(text), tokens > 0 else {
            throw UsageError("\(what): \"\(text)\" is not max or a positive number of tokens")
        }
        return .tokens(tokens)
    }

    /// Label names for `--label.drop`.
    static func droppedLabels(_ names: [String], _ what: String) throws(UsageError) -> Set<SeriesLabel> {
        var labels: Set<SeriesLabel> = []
        for name in names where !name.isEmpty {
            guard let label = SeriesLabel(rawValue: name), SeriesLabel.droppable.contains(label) else {
                let allowed = SeriesLabel.droppable.map(\.rawValue).joined(separator: ", ")
                throw UsageError("\(what): \"\(name)\" is not a label that can be dropped (\(allowed))")
            }
            labels.insert(label)
        }
        return labels
    }

    /// `500ms`, `2s`, `1.5s`, `1m`, `1h`, `1d` in milliseconds; nil past a thousand years
    /// (`1e30s` must be an error, not a crash in the conversion).
    static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number.isFinite, number >= 0 else { return nil }
            let millis = number * scale
            guard millis < 3.2e13 else { return nil }
            return Int64(millis)
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
