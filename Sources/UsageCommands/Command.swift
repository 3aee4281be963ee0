/// What the command line asks for.
public enum Command: Equatable, Sendable {
    /// Serve `/metrics` until SIGINT or SIGTERM (or, with `--once`, print once and exit).
    case serve(ExporterOptions)
    case help
    case version
}
