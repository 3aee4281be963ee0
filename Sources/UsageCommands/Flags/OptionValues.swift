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
        guard let millis = parseDuration(text), millis >= 10 else {
            throw UsageError("\(what): \"\(text)\" is not a duration of at least 10ms (e.g. 2s, 500ms, 1m)")
        }
        return millis
    }

    static func saveInterval(_ text: String, _ what: String) throws(UsageError) -> Int64 {
        guard let millis = parseDuration(text), millis >= 100 else {
            throw UsageError("\(what): \"\(text)\" is not a duration of at least 100ms (e.g. 30s, 5m)")
        }
        return millis
    }

    static func maxLineBytes(_ text: String, _ what: String) throws(UsageError) -> Int {
        guard let bytes = parseSize(text), bytes >= 1024, bytes <= 1 << 30 else {
            throw UsageError("\(what): \"\(text)\" is not a size between 1KiB and 1GiB (e.g. 16MiB)")
        }
        return bytes
    }

    static func costMode(_ text: String, _ what: String) throws(UsageError) -> CostMode {
        guard let mode = CostMode(rawValue: text) else {
            throw UsageError("\(what): \"\(text)\" is not one of auto, calculate, display")
        }
        return mode
    }

    static func projectLabel(_ text: String, _ what: String) throws(UsageError) -> ProjectLabelMode {
        guard let mode = ProjectLabelMode(rawValue: text) else {
            throw UsageError("\(what): \"\(text)\" is not one of name, path, hash, none")
        }
        return mode
    }

    static func logLevel(_ text: String, _ what: String) throws(UsageError) -> Logger.Level {
        guard let level = Logger.Level(name: text) else {
            throw UsageError("\(what): \"\(text)\" is not one of debug, info, warn, error")
        }
        return level
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
        guard let millis = parseDuration(text), millis >= 60_000 else {
            throw UsageError("\(what): \"\(text)\" is not a duration of at least 1m (e.g. 6h)")
        }
        return millis
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
