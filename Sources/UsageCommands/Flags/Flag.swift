import UsageRuntime

/// One setting of the exporter, declared once: its flag, its key in the config file and its
/// help, and how a value is checked and applied. The parser, the config file and `--help` are
/// made from the table of these (``FlagTable``).
struct Flag: Sendable {
    /// What the flag takes on the command line.
    enum Arity: Sendable {
        /// `--name=VALUE` (or `--name VALUE`); the last one given wins.
        case value(placeholder: String)
        /// `--name=VALUE`, repeatable: the values given replace the config file's whole list.
        case list(placeholder: String)
        /// `--name` alone.
        case none
    }

    /// How the config file holds the value.
    enum ConfigValue: Sendable {
        case string, integer, stringOrInteger, strings, bool
    }

    /// `--web.listen-address`; nil for a setting only the config file has.
    var name: String?
    var arity: Arity
    /// `--help`'s lines (the first beside the flag).
    var help: [String]
    /// The config file's key path (`["web", "listen_addresses"]`) and how it holds the value; nil for a flag only.
    var config: (path: [String], value: ConfigValue)?
    /// Checks the values (one for `.value`, the list for `.list`, none for `.none`; the config
    /// file's bool as `"true"`/`"false"`) and sets them.
    var apply: @Sendable (inout ExporterOptions, [String], Setting) throws(UsageError) -> Void

    /// `--name=PLACEHOLDER` as `--help` shows it.
    var usage: String? {
        guard let name else { return nil }
        switch arity {
        case .value(let placeholder), .list(let placeholder): return name + "=" + placeholder
        case .none: return name
        }
    }
}
