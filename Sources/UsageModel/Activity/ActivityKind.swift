/// The activity families: what an ``ActivitySeries`` counts.
package enum ActivityKind: UInt8, CaseIterable, Comparable, Sendable {
    /// Tool uses, by tool (an MCP tool is `mcp` with its server; a skill is `Skill` with its name).
    case toolUses
    /// Tool results, by tool and outcome (ok, error, rejected).
    case toolResults
    /// Lines an edit added or removed.
    case codeLines
    /// API errors Claude Code wrote into the transcript, by kind.
    case apiErrors
    /// Prompts the user typed.
    case prompts
    /// Sessions started (distinct session ids of main-thread lines).
    case sessions

    package static func < (lhs: ActivityKind, rhs: ActivityKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
