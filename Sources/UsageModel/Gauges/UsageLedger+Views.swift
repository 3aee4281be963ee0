extension UsageLedger {
    /// Tells the ledger the time before reading: requests older than the detailed window
    /// (40 days) then go straight into day buckets, so a long history never sits in quarter hours.
    package mutating func advanceClock(to now: Int64) {
        timeline.fold(now: now)
    }

    /// The time-derived gauges at `now` (Unix milliseconds). Mutating only because the
    /// block chain settles requests old enough to be in order.
    package mutating func views(at now: Int64, settings: ViewSettings) -> UsageViews {
        var views = UsageViews()
        views.nowMillis = now
        views.warningRatio = settings.warningRatio
        views.criticalRatio = settings.criticalRatio
        views.limitResetSeconds = timeline.limitResetSeconds
        timeline.fold(now: now)

        let periods = Period.allCases
        let intervals = periods.map { settings.calendar.interval(of: $0, at: now) }
        for (period, interval) in zip(periods, intervals) { views.periodEnds[period] = interval.end }
        var sources = Set(stored.sourceHealth.keys)
        for key in stored.seriesKeys { sources.insert(key.source) }
        for source in sources {
            for period in periods {
                views.periodCost[UsageViews.PeriodSource(period: period, source: source)] = 0
                views.periodTokens[UsageViews.PeriodSource(period: period, source: source)] = .zero
            }
        }
        // Costs are summed with CostSum: the buckets come in hash order, which differs per process.
        // Every series' source, project and tenant as a small number, once: the loop over the
        // buckets (a tick's work while nothing happens) then copies no strings and builds no keys.
        var sourceNames: [String] = []
        var projectNames: [String] = []
        var tenantNames: [String] = []
        var sourceNumbers: [String: Int] = [:]
        var projectNumbers: [String: Int] = [:]
        var tenantNumbers: [String: Int] = [:]
        func number(_ name: String, _ numbers: inout [String: Int], _ names: inout [String]) -> Int {
            if let known = numbers[name] { return known }
            numbers[name] = names.count
            names.append(name)
            return names.count - 1
        }
        var seriesSource: [Int] = []
        var seriesProject: [Int] = []
        var seriesTenant: [Int] = []
        var seriesInBlocks: [Bool] = []
        seriesSource.reserveCapacity(stored.seriesKeys.count)
        seriesProject.reserveCapacity(stored.seriesKeys.count)
        seriesTenant.reserveCapacity(stored.seriesKeys.count)
        seriesInBlocks.reserveCapacity(stored.seriesKeys.count)
        for key in stored.seriesKeys {
            seriesSource.append(number(key.source, &sourceNumbers, &sourceNames))
            seriesProject.append(number(key.project, &projectNumbers, &projectNames))
            seriesTenant.append(number(key.tenant, &tenantNumbers, &tenantNames))
            seriesInBlocks.append(key.source == UsageLedger.blockSource)
        }
        var periodCosts = [[CostSum]](
            repeating: .init(repeating: CostSum(), count: sourceNames.count), count: periods.count)
        var periodTokens = [[TokenCounts]](
            repeating: .init(repeating: .zero, count: sourceNames.count), count: periods.count)
        var projectCosts = [[CostSum]](
            repeating: .init(repeating: CostSum(), count: projectNames.count), count: periods.count)
        var tenantCosts = [[CostSum]](
            repeating: .init(repeating: CostSum(), count: tenantNames.count), count: periods.count)
        var branchCost: [UsageViews.BranchKey: CostSum] = [:]
        let branchSince = TimeBucketKey.quarter(of: now - settings.branchWindowMillis)
        let thisQuarter = TimeBucketKey.quarter(of: now)
        // Claude Code's requests by quarter hour, for the five-hour blocks.
        let detailed = UsageTimeline.foldBoundary(now: now)
        var blockQuarters: [Int64: (totals: BucketTotals, cost: CostSum)] = [:]
        timeline.forEachClosedBucket { key, totals in
            let start = key.quarter * TimeBucketKey.quarterMillis
            let series = Int(key.series)
            for index in intervals.indices where intervals[index].start <= start && start < intervals[index].end {
                periodCosts[index][seriesSource[series]] += totals.costUSD
                periodTokens[index][seriesSource[series]] += totals.tokens
                projectCosts[index][seriesProject[series]] += totals.costUSD
                tenantCosts[index][seriesTenant[series]] += totals.costUSD
            }
            if seriesInBlocks[series], key.quarter >= detailed {
                blockQuarters[key.quarter, default: (BucketTotals(), CostSum())].totals.add(totals)
                blockQuarters[key.quarter]!.cost += totals.costUSD
            }
            if key.branch != 0, key.quarter >= branchSince, key.quarter <= thisQuarter {
                let branch = UsageViews.BranchKey(
                    project: projectNames[seriesProject[series]], branch: timeline.branchNames[Int(key.branch)])
                branchCost[branch, default: CostSum()] += totals.costUSD
            }
        }
        var periodCost: [UsageViews.PeriodSource: CostSum] = [:]
        var projectCost: [String: CostSum] = [:]
        var tenantCost: [String: CostSum] = [:]
        for (index, period) in periods.enumerated() {
            for (number, source) in sourceNames.enumerated() where periodCosts[index][number] != CostSum() {
                periodCost[UsageViews.PeriodSource(period: period, source: source)] = periodCosts[index][number]
            }
            for (number, source) in sourceNames.enumerated() where periodTokens[index][number] != .zero {
                views.periodTokens[UsageViews.PeriodSource(period: period, source: source)] =
                    periodTokens[index][number]
            }
            for (number, project) in projectNames.enumerated() where projectCosts[index][number] != CostSum() {
                projectCost[period.rawValue + "\u{0}" + project] = projectCosts[index][number]
            }
            for (number, tenant) in tenantNames.enumerated() where tenantCosts[index][number] != CostSum() {
                tenantCost[period.rawValue + "\u{0}" + tenant] = tenantCosts[index][number]
            }
        }
        for (slot, cost) in periodCost { views.periodCost[slot] = cost.value }

        for budget in settings.budgets.sorted() {
            let used: Double
            switch budget.scope {
            case .global:
                var sum = CostSum()
                for (slot, cost) in periodCost where slot.period == budget.period { sum += cost.value }
                used = sum.value
            case .project:
                used = projectCost[budget.period.rawValue + "\u{0}" + budget.scopeValue]?.value ?? 0
            case .tenant:
                used = tenantCost[budget.period.rawValue + "\u{0}" + budget.scopeValue]?.value ?? 0
            }
            views.budgets.append((budget, used))
        }

        var chain = BlockChain()
        for quarter in blockQuarters.keys.sorted() where quarter * TimeBucketKey.quarterMillis <= now {
            let (totals, cost) = blockQuarters[quarter]!
            chain.apply(
                first: totals.firstMillis, last: totals.lastMillis, tokens: totals.tokens.total, costUSD: cost.value)
        }
        if chain.isActive(at: now) {
            var block = ActiveBlock(
                startMillis: chain.start, endMillis: chain.end, tokens: chain.tokens, costUSD: chain.costUSD)
            let minutes = Double(chain.last - chain.first) / 60_000
            if minutes > 0 {
                let tokensPerMinute = Double(chain.tokens) / minutes
                let usdPerMinute = chain.costUSD / minutes
                let remaining = Double(max(0, chain.end - now)) / 60_000
                block.burnTokensPerMinute = tokensPerMinute
                block.burnUSDPerHour = usdPerMinute * 60
                block.projectedTokens = Double(chain.tokens) + tokensPerMinute * remaining
                block.projectedCostUSD = chain.costUSD + usdPerMinute * remaining
            }
            views.block = block
        }
        switch settings.blockTokenLimit {
        case .none: views.blockLimitTokens = nil
        case .tokens(let limit): views.blockLimitTokens = limit
        case .largestFinished:
            let largest = chain.largestFinished(at: now)
            views.blockLimitTokens = largest > 0 ? largest : nil
        }

        let since = now - settings.sessionWindowMillis
        views.sessions = timeline.sessions.indices.filter { timeline.sessions[$0].lastMillis >= since }
            .map { (timeline.sessionKeys[$0], timeline.sessions[$0]) }
            .sorted { $0.1.costUSD != $1.1.costUSD ? $0.1.costUSD > $1.1.costUSD : $0.0 < $1.0 }
            .prefix(settings.sessionsMax).map { ($0.0, $0.1) }
        views.branches = branchCost.map { ($0.key, $0.value.value) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(settings.branchesMax).map { ($0.0, $0.1) }
        return views
    }
}
