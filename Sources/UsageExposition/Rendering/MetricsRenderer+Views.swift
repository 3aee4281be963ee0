package import UsageModel

extension MetricsRenderer {
    /// The gauges that depend on the time as well as the counters (periods, budgets, the
    /// block, sessions, branches), rendered at every poll. Sorted by family name among themselves.
    package static func renderViews(
        _ views: UsageViews, dropping: Set<SeriesLabel> = [], format: ExpositionFormat = .text
    ) -> [UInt8] {
        var out = ExpositionBuilder(format: format)
        let dropProject = dropping.contains(.project)

        out.add(.blockActive) { $0.sample(.blockActive, UInt64(views.block == nil ? 0 : 1)) }
        if let block = views.block {
            blockSample(&out, .blockBurnTokens, block.burnTokensPerMinute)
            blockSample(&out, .blockBurnCost, block.burnUSDPerHour)
            blockSample(&out, .blockCost, block.costUSD)
            blockSample(&out, .blockEnd, Double(block.endMillis) / 1000)
            blockSample(&out, .blockProjectedCost, block.projectedCostUSD)
            blockSample(&out, .blockProjectedTokens, block.projectedTokens)
            blockSample(&out, .blockStart, Double(block.startMillis) / 1000)
            out.add(.blockTokens) { $0.sample(.blockTokens, block.tokens) }
        }
        if let limit = views.blockLimitTokens {
            out.add(.blockLimit) { $0.sample(.blockLimit, limit) }
        }

        var branches: [UsageViews.BranchKey: Double] = [:]
        for (key, cost) in views.branches {
            branches[UsageViews.BranchKey(project: dropProject ? "" : key.project, branch: key.branch), default: 0] +=
                cost
        }
        out.add(.branchCost) { out in
            for key in branches.keys.sorted() {
                var labels: [(String, String)] = []
                if !dropProject { labels.append(("project", key.project)) }
                labels.append(("git_branch", key.branch))
                out.sample(.branchCost, pairs: labels, branches[key]!)
            }
        }

        out.add(.budgetAlertRatio) { out in
            out.sample(.budgetAlertRatio, ["severity": "critical"], views.criticalRatio)
            out.sample(.budgetAlertRatio, ["severity": "warning"], views.warningRatio)
        }
        if !views.budgets.isEmpty {
            out.add(.budget) { out in
                for (budget, _) in views.budgets { out.sample(.budget, budgetLabels(budget), budget.amountUSD) }
            }
            out.add(.budgetUsed) { out in
                for (budget, used) in views.budgets {
                    out.sample(.budgetUsed, budgetLabels(budget), used / budget.amountUSD)
                }
            }
        }

        if let reset = views.limitResetSeconds {
            out.add(.limitReset) { $0.sample(.limitReset, UInt64(max(0, reset))) }
        }

        let periodKeys = views.periodCost.keys.sorted()
        out.add(.periodEnd) { out in
            for period in views.periodEnds.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                out.sample(.periodEnd, ["period": period.rawValue], Double(views.periodEnds[period]!) / 1000)
            }
        }
        out.add(.periodCost) { out in
            for key in periodKeys {
                out.sample(.periodCost, ["period": key.period.rawValue, "source": key.source], views.periodCost[key]!)
            }
        }
        out.add(.periodTokens) { out in
            for key in periodKeys {
                let tokens = views.periodTokens[key] ?? .zero
                for type in TokenType.sortedByLabel {
                    out.sample(
                        .periodTokens,
                        ["period": key.period.rawValue, "source": key.source, "token_type": type.rawValue],
                        tokens[type])
                }
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
        out.add(.sessionCost) { out in
            for key in sessionKeys {
                out.sample(.sessionCost, pairs: sessionLabels(key, dropProject), sessions[key]!.costUSD)
            }
        }
        out.add(.sessionTokens) { out in
            for key in sessionKeys {
                out.sample(.sessionTokens, pairs: sessionLabels(key, dropProject), sessions[key]!.tokens)
            }
        }
        return out.bytes
    }

    private static func blockSample(_ out: inout ExpositionBuilder, _ family: Family, _ value: Double?) {
        guard let value else { return }
        out.add(family) { $0.sample(family, value) }
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
