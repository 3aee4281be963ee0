/// The time-derived gauges, rendered at every poll.
extension Family {
    package static let blockActive = Family(
        "llm_usage_block_active", .gauge, help: "1 while a five-hour block is active (Claude Code usage), else 0.")
    package static let blockBurnTokens = Family(
        "llm_usage_block_burn_rate_tokens_per_minute", .gauge,
        help: "Tokens per minute between the active block's first and last request.")
    package static let blockBurnCost = Family(
        "llm_usage_block_burn_rate_usd_per_hour", .gauge,
        help: "USD per hour between the active block's first and last request.")
    package static let blockCost = Family(
        "llm_usage_block_cost_usd", .gauge, help: "Cost of the active five-hour block so far.")
    package static let blockEnd = Family(
        "llm_usage_block_end_timestamp_seconds", .gauge, help: "When the active five-hour block ends.")
    package static let blockLimit = Family(
        "llm_usage_block_limit_tokens", .gauge,
        help: "Token limit for a block: configured, or the largest block that has ended (--block.token-limit=max).")
    package static let blockProjectedCost = Family(
        "llm_usage_block_projected_cost_usd", .gauge,
        help: "Cost the active block reaches at its end at the current burn rate.")
    package static let blockProjectedTokens = Family(
        "llm_usage_block_projected_tokens", .gauge,
        help: "Tokens the active block reaches at its end at the current burn rate.")
    package static let blockStart = Family(
        "llm_usage_block_start_timestamp_seconds", .gauge,
        help: "When the active five-hour block started (floored to the hour).")
    package static let blockTokens = Family(
        "llm_usage_block_tokens", .gauge, help: "Tokens (all types) of the active five-hour block so far.")
    package static let branchCost = Family(
        "llm_usage_branch_cost_usd", .gauge,
        help: "Cost over the last 7 days by git branch (a branch stands for a pull request), the 50 costliest.")
    package static let budgetAlertRatio = Family(
        "llm_usage_budget_alert_ratio", .gauge,
        help: "Budget use at which alerts fire, by severity (from the config file; defaults 0.8 and 0.95).")
    package static let budget = Family(
        "llm_usage_budget_usd", .gauge, help: "Budget of the current period in USD, by scope.")
    package static let budgetUsed = Family(
        "llm_usage_budget_used_ratio", .gauge, help: "Cost of the current period divided by its budget.")
    package static let limitReset = Family(
        "llm_usage_limit_reset_timestamp_seconds", .gauge,
        help: "When Claude's usage limit resets, from the latest usage-limit notice in a transcript.")
    package static let periodCost = Family(
        "llm_usage_period_cost_usd", .gauge,
        help: "Cost of the current day, week and month in the configured time zone (--time-zone), by source.")
    package static let periodEnd = Family(
        "llm_usage_period_end_timestamp_seconds", .gauge,
        help:
            "When the current day, week and month end, in the exporter's zone (rules keep a sleeping machine's period cost until then)."
    )
    package static let periodTokens = Family(
        "llm_usage_period_tokens", .gauge, help: "Tokens of the current day, week and month, by source and token type.")
    package static let sessionCost = Family(
        "llm_usage_session_cost_usd", .gauge,
        help: "Cost of each session active in the last --sessions.active-window, the --sessions.max costliest.")
    package static let sessionTokens = Family(
        "llm_usage_session_tokens", .gauge, help: "Tokens (all types) of each active session.")
}
