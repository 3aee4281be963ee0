package import UsageExposition
package import UsageIngest

/// One kind of log the exporter reads, declared once: everything else (the `--source.*` and
/// `--no-source.*` flags, the config file's `sources.NAME` section, `--help`, `check`, the
/// families exported from the start) is made from this.
package struct SourceDefinition: Sendable {
    /// The `source` label value and the config file's key under `sources` (`team_usage`).
    package var name: String
    /// The flag's name after `--source.` (`team-usage`).
    package var flag: String
    /// What a path is (`PATH`, `GLOB`), for `--help`.
    package var placeholder: String
    /// `--help`'s lines for `--source.FLAG`.
    package var help: [String]
    /// The paths read when none are given (Claude Code's and Codex's homes); empty: the source
    /// is off until configured.
    package var defaultPaths: @Sendable (_ environment: [String: String]) -> [String]
    /// `--help`'s line for `--no-source.FLAG`, which sources with default paths have.
    package var disableHelp: String?
    /// Families only this source brings: exported (at zero) as soon as it is configured.
    package var families: [Family]
    /// The source, reading `paths`.
    package var make: @Sendable (_ paths: [String], _ settings: SourceSettings) -> any UsageSource

    /// `--source.FLAG`.
    package var flagName: String { "--source." + flag }
    /// `--no-source.FLAG`, nil for a source that is off unless configured.
    package var disableFlagName: String? { disableHelp == nil ? nil : "--no-source." + flag }
}
