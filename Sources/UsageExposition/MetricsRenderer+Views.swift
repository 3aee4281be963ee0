package import UsageModel

extension MetricsRenderer {
    /// The gauges that depend on the time as well as the counters (periods, budgets, the
    /// block, sessions, branches), rendered at every poll. Sorted by family name among themselves.
    package static func renderViews(_ views: UsageViews, dropping: Set<SeriesLabel> = []) -> [UInt8] {
        var out = ExpositionWriter(capacity: 4096 + views.sessions.count * 200)
        let dropProject = dropping.contains(.project)

        out.family(
            "llm_usage_block_active", .gauge, help: "1 while a five-hour block is active (Claude Code usage), else 0.")
        out.sample("llm_usage_block_active", [:], UInt64(views.block == nil ? 0 : 1))
        if let block = views.block {
            blockSample(
                &out, "llm_usage_block_burn_rate_tokens_per_minute",
                "Tokens per minute between the active block's first and last request.", block.burnTokensPerMinute)
            blockSample(
                &out, "llm_usage_block_burn_rate_usd_per_hour",
                "USD per hour between the active block's first and last request.", block.burnUSDPerHour)
            blockSample(&out, "llm_usage_block_cost_usd", "Cost of the active five-hour block so far.", block.costUSD)
            blockSample(
                &out, "llm_usage_block_end_timestamp_seconds", "When the active five-hour block ends.",
                Double(block.endMillis) / 1000)
        }
        if let limit = views.blockLimitTokens {
            out.family(
                "llm_usage_block_limit_tokens", .gauge,
                help:
                    "Token limit for a block: configured, or the largest block that has ended (--block.token-limit=max)."
            )
            out.sample("llm_usage_block_limit_tokens", [:], limit)
        }
        if let block = views.block {
            blockSample(
                &out, "llm_usage_block_projected_cost_usd",
                "Cost the active block reaches at its end at the current burn rate.", block.projectedCostUSD)
            blockSample(
                &out, "llm_usage_block_projected_tokens",
                "Tokens the active block reaches at its end at the current burn rate.", block.projectedTokens)
            blockSample(
                &out, "llm_usage_block_start_timestamp_seconds",
                "When the active five-hour block started (floored to the hour).", Double(block.startMillis) / 1000)
            out.family(
                "llm_usage_block_tokens", .gauge, help: "Tokens (all types) of the active five-hour block so far.")
            out.sample("llm_usage_block_tokens", [:], block.tokens)
        }

        out.family(
            "llm_usage_branch_cost_usd", .gauge,
            help: "Cost over the last 7 days by git branch (a branch stands for a pull request), the 50 costliest.")
        var branches: [UsageViews.BranchKey: Double] = [:]
        for (key, cost) in views.branches {
            branches[UsageViews.BranchKey(project: dropProject ? "" : key.project, branch: key.branch), default: 0] +=
                cost
        }
        for key in branches.keys.sorted() {
            var labels: [(String, String)] = []
            if !dropProject { labels.append(("project", key.project)) }
            labels.append(("git_branch", key.branch))
            out.sample("llm_usage_branch_cost_usd", pairs: labels, branches[key]!)
        }

        out.family(
            "llm_usage_budget_alert_ratio", .gauge,
            help: "Budget use at which alerts fire, by severity (from the config file; defaults 0.8 and 0.95).")
        out.sample("llm_usage_budget_alert_ratio", ["severity": "critical"], views.criticalRatio)
        out.sample("llm_usage_budget_alert_ratio", ["severity": "warning"], views.warningRatio)
        if !views.budgets.isEmpty {
            out.family("llm_usage_budget_usd", .gauge, help: "Budget of the current period in USD, by scope.")
            for (budget, _) in views.budgets {
                out.sample("llm_usage_budget_usd", budgetLabels(budget), budget.amountUSD)
            }
            out.family(
                "llm_usage_budget_used_ratio", .gauge, help: "Cost of the current period divided by its budget.")
            for (budget, used) in views.budgets {
                out.sample("llm_usage_budget_used_ratio", budgetLabels(budget), used / budget.amountUSD)
            }
        }

        if let reset = views.limitResetSeconds {
            out.family(
                "llm_usage_limit_reset_timestamp_seconds", .gauge,
                help: "When Claude's usage limit resets, from the latest usage-limit notice in a transcript.")
            out.sample("llm_usage_limit_reset_timestamp_seconds", [:], UInt64(max(0, reset)))
        }

        let periodKeys = views.periodCost.keys.sorted()
        out.family(
            "llm_usage_period_cost_usd", .gauge,
            help: "Cost of the current day, week and month in the configured time zone (--time-zone), by source.")
        for key in periodKeys {
            out.sample(
                "llm_usage_period_cost_usd", ["period": key.period.rawValue, "source": key.source],
                views.periodCost[key]!)
        }
        out.family(
            "llm_usage_period_tokens", .gauge,
            help: "Tokens of the current day, week and month, by source and token type.")
        for key in periodKeys {
            let tokens = views.periodTokens[key] ?? .zero
            for type in TokenType.sortedByLabel {
                out.sample(
                    "llm_usage_period_tokens",
                    ["period": key.period.rawValue, "source": key.source, "token_type": type.rawValue], tokens[type])
            }
        }

        var sessions: [SessionKey: SessionTotals] = [:]
        for (key, totals) in views.sessions {
            var label = key
            if dropProject { label.project = "" }
            var merged = sessions[label, default: SessionTotals()]
            merged.costUSD += totals.costUSD
            merged.tokens += totals.tokens
            sessions[label] = merged
        }
        let sessionKeys = sessions.keys.sorted()
        out.family(
            "llm_usage_session_cost_usd", .gauge,
            help: "Cost of each session active in the last --sessions.active-window, the --sessions.max costliest.")
        for key in sessionKeys {
            out.sample("llm_usage_session_cost_usd", pairs: sessionLabels(key, dropProject), sessions[key]!.costUSD)
        }
        out.family("llm_usage_session_tokens", .gauge, help: "Tokens (all types) of each active session.")
        for key in sessionKeys {
            out.sample("llm_usage_session_tokens", pairs: sessionLabels(key, dropProject), sessions[key]!.tokens)
        }
        return out.bytes
    }

    private static func blockSample(_ out: inout ExpositionWriter, _ name: String, _ help: String, _ value: Double?) {
        guard let value else { return }
        out.family(name, .gauge, help: help)
        out.sample(name, [:], value)
    }

    private static func budgetLabels(_ budget: Budget) -> KeyValuePairs<String, String> {
        ["period": budget.period.rawValue, "scope": budget.scope.rawValue, "scope_value": budget.scopeValue]
    }

    private static func sessionLabels(_ key: SessionKey, _ dropProject: Bool) -> [(String, String)] {
        var labels = [("source", key.source)]
        if !dropProject { labels.append(("project", key.project)) }
        labels += [("session_id", key.sessionID), ("git_branch", key.gitBranch)]
        return labels
    }
}
