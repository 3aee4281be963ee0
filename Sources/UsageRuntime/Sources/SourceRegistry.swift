import UsageExposition
import UsageIngest
import UsageSystem

/// Every source the exporter can read, in the order `--help` and `check` list them. A new
/// source is a folder in `Sources/UsageIngest/Sources` and one entry here.
package enum SourceRegistry {
    package static let all: [SourceDefinition] = [claudeCode, codex, teamUsage, promptAudit, events]

    /// The source of that `source` label value.
    package static func named(_ name: String) -> SourceDefinition? { all.first { $0.name == name } }

    static let claudeCode = SourceDefinition(
        name: ClaudeCodeSource.sourceName, flag: "claude-code", placeholder: "PATH",
        help: [
            "Claude Code config root or its projects/ folder, repeatable",
            "(default: $CLAUDE_CONFIG_DIR, comma-separated, else",
            "~/.config/claude and ~/.claude)",
        ],
        defaultPaths: { ClaudeCodeRoots.resolve(environment: $0, exists: FileBytes.isDirectory) },
        disableHelp: "do not read Claude Code transcripts", families: [], make: ClaudeCodeSource.makeSource)

    static let codex = SourceDefinition(
        name: CodexDecoder.sourceName, flag: "codex", placeholder: "PATH",
        help: ["Codex home (sessions/, archived_sessions/), repeatable", "(default: $CODEX_HOME, else ~/.codex)"],
        defaultPaths: { environment in
            if let home = environment["CODEX_HOME"], !home.isEmpty { return [home] }
            return [(environment["HOME"] ?? "") + "/.codex"]
        },
        disableHelp: "do not read Codex sessions", families: [], make: CodexDecoder.makeSource)

    static let teamUsage = SourceDefinition(
        name: TeamUsageDecoder.sourceName, flag: "team-usage", placeholder: "GLOB",
        help: ["team usage records (token-usage-*.jsonl), repeatable"], defaultPaths: { _ in [] },
        disableHelp: nil, families: [.captureFailures], make: TeamUsageDecoder.makeSource)

    static let promptAudit = SourceDefinition(
        name: PromptAuditDecoder.sourceName, flag: "prompt-audit", placeholder: "GLOB",
        help: ["prompt audits (prompt-audit-*.jsonl), repeatable"], defaultPaths: { _ in [] }, disableHelp: nil,
        families: [
            .estimatedTokens, .estimationActualTokens, .estimationError, .estimationUnmatched,
            .estimationUnmatchedDropped,
        ],
        make: PromptAuditDecoder.makeSource)

    static let events = SourceDefinition(
        name: AppEventDecoder.sourceName, flag: "events", placeholder: "GLOB",
        help: ["application usage events, repeatable"], defaultPaths: { _ in [] }, disableHelp: nil,
        families: [.cacheLookups], make: AppEventDecoder.makeSource)
}
