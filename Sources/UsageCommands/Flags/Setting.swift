import UsageRuntime

/// Where a setting's value comes from, for its error messages and its paths.
struct Setting: Sendable {
    /// `flag --web.max-requests`, or `/etc/llm-usage.json: web.max_requests`.
    var what: String
    /// `~` expanded in the config file (the shell has done it for flags).
    var expand: @Sendable (String) -> String = { $0 }
    /// Names element `index` of a list: `...listen_addresses[1]` in the config file, the flag itself on the command line.
    var element: @Sendable (Int) -> String

    static func flag(_ name: String) -> Setting {
        let what = "flag " + name
        return Setting(what: what, element: { _ in what })
    }

    static func config(_ what: String, home: String) -> Setting {
        Setting(what: what, expand: { HomePath.expand($0, home: home) }, element: { what + "[\($0)]" })
    }
}
