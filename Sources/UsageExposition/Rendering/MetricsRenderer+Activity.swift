import UsageModel

extension MetricsRenderer {
    /// Every activity series' first labels: its source, and its user when it has one.
    private static func sourceLabels(_ source: String, _ user: String) -> [(String, String)] {
        user.isEmpty ? [("source", source)] : [("source", source), ("user", user)]
    }

    /// The activity families, each once it has a series; `--label.drop user` sums over users.
    static func renderActivity(_ out: inout ExpositionBuilder, _ activity: ActivityCounters, dropping: Set<SeriesLabel>)
    {
        let dropsUser = dropping.contains(.user)
        var series: [ActivitySeries: UInt64] = [:]
        for (key, value) in activity.series {
            var labels = key
            if dropsUser { labels.user = "" }
            series[labels, default: 0] += value
        }
        let sorted = series.keys.sorted()
        for kind in ActivityKind.allCases {
            let family = Family.of(kind)
            let keys = sorted.filter { $0.kind == kind }
            guard !keys.isEmpty else { continue }
            out.add(family) { out in
                for key in keys {
                    var labels = sourceLabels(key.source, key.user)
                    if kind == .toolUses || kind == .toolResults {
                        labels.append(("tool", key.tool.tool))
                        if !key.tool.mcpServer.isEmpty { labels.append(("mcp_server", key.tool.mcpServer)) }
                        if !key.tool.skill.isEmpty { labels.append(("skill", key.tool.skill)) }
                    }
                    if let name = Family.detailLabel(of: kind) { labels.append((name, key.detail)) }
                    out.sample(family, pairs: labels, series[key]!)
                }
            }
        }

        var agents: [AgentSeries: AgentUsage] = [:]
        for (key, usage) in activity.agents {
            var labels = key
            if dropsUser { labels.user = "" }
            agents[labels, default: AgentUsage()].add(usage)
        }
        guard !agents.isEmpty else { return }
        let keys = agents.keys.sorted()
        func labels(_ key: AgentSeries) -> [(String, String)] {
            sourceLabels(key.source, key.user) + [("agent", key.agent)]
        }
        out.add(.agentCost) { out in
            for key in keys { out.sample(.agentCost, pairs: labels(key), agents[key]!.costUSD) }
        }
        out.add(.agentTokens) { out in
            for key in keys {
                let tokens = agents[key]!.tokens
                for type in TokenType.sortedByLabel {
                    out.sample(.agentTokens, pairs: labels(key) + [("token_type", type.rawValue)], tokens[type])
                }
            }
        }
    }
}
