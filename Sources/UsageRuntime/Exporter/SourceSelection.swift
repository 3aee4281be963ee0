/// What the command line and the config file say of one source.
package struct SourceSelection: Equatable, Sendable {
    /// Explicit paths (`--source.NAME`, `sources.NAME.paths`); nil means the source's defaults.
    package var paths: [String]?
    /// False after `--no-source.NAME` or `sources.NAME.enabled: false`.
    package var enabled = true

    package init(paths: [String]? = nil, enabled: Bool = true) {
        self.paths = paths
        self.enabled = enabled
    }
}
