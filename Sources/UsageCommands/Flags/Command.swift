package import UsageRuntime
import UsageServer
package import UsageSystem

/// What the command line asks for.
package enum Command: Equatable, Sendable {
    /// Serve `/metrics` until SIGINT or SIGTERM (or, with `--once`, print once and exit).
    case serve(ExporterOptions)
    /// `pricing`: print the effective price table.
    case pricing(ExporterOptions, PricingFormat)
    /// `pricing update`: download LiteLLM's price file into the state folder.
    case pricingUpdate(ExporterOptions, PricingUpdateOptions)
    /// `report daily|weekly|monthly|session`.
    case report(ExporterOptions, ReportOptions)
    /// `statusline`: one line for Claude Code's status bar, from the exporter at this address.
    case statusLine(ListenAddress)
    /// `check`: read every source once and report what needs fixing.
    case check(ExporterOptions)
    /// `completion bash|zsh`: a shell completion script.
    case completion(String)
    case help
    /// `COMMAND --help`: the help of one command.
    case commandHelp(String)
    case version
}
