package import UsageModel

/// The activity families: what Claude Code's transcripts say besides usage.
extension Family {
    package static let agentCost = Family(
        "llm_usage_agent_cost_usd_total", .counter,
        help:
            "Cost of Claude Code's deduplicated requests in USD, by agent: main (the main thread), the subagent type the Task tool named, or subagent when the transcripts do not say."
    )
    package static let agentTokens = Family(
        "llm_usage_agent_tokens_total", .counter,
        help:
            "Tokens of Claude Code's deduplicated requests, by agent (as llm_usage_agent_cost_usd_total) and token type."
    )
    package static let apiErrors = Family(
        "llm_usage_api_errors_total", .counter,
        help:
            "API errors Claude Code wrote into its transcripts, by kind (rate_limit, overloaded, prompt_too_long, other)."
    )
    package static let codeLines = Family(
        "llm_usage_code_lines_total", .counter,
        help:
            "Lines of code that Claude Code's edits (Edit, MultiEdit, Write, NotebookEdit) added and removed, from the patch or the written file, by change."
    )
    package static let prompts = Family(
        "llm_usage_prompts_total", .counter,
        help: "Prompts the user typed into Claude Code (not tool results, interrupts or its own lines).")
    package static let sessionsStarted = Family(
        "llm_usage_sessions_started_total", .counter,
        help: "Claude Code sessions started: distinct session ids of main-thread lines.")
    package static let toolResults = Family(
        "llm_usage_tool_results_total", .counter,
        help:
            "Results of Claude Code's tool uses, by tool and outcome (ok, error, rejected: the user refused or interrupted it)."
    )
    package static let toolUses = Family(
        "llm_usage_tool_uses_total", .counter,
        help:
            "Claude Code's tool uses, by tool: a built-in by its name, an MCP tool as tool=\"mcp\" with its mcp_server, a skill as tool=\"Skill\" with its skill. At most 100 tools, 50 MCP servers and 100 skills; later ones are \"(other)\"."
    )

    /// The family of each activity kind.
    package static func of(_ kind: ActivityKind) -> Family {
        switch kind {
        case .toolUses: .toolUses
        case .toolResults: .toolResults
        case .codeLines: .codeLines
        case .apiErrors: .apiErrors
        case .prompts: .prompts
        case .sessions: .sessionsStarted
        }
    }

    /// The label the kind's detail is written as (nil for kinds without one).
    package static func detailLabel(of kind: ActivityKind) -> String? {
        switch kind {
        case .toolResults: "outcome"
        case .codeLines: "change"
        case .apiErrors: "kind"
        case .toolUses, .prompts, .sessions: nil
        }
    }
}
