extension UsageLedger {
    /// Usage per day, week or month of `calendar`, grouped by `groups`, for periods starting
    /// in `[since, until)` (Unix milliseconds; nil for no bound). Computed from the same
    /// history as the period gauges, so a report and a dashboard agree. History older than
    /// 40 days is kept per UTC half hour, so its days are exact in whole- and half-hour zones.
    package func periodReport(
        _ period: Period, calendar: PeriodCalendar, groups: [ReportGroup], since: Int64? = nil, until: Int64? = nil
    ) -> [ReportRow] {
        // Costs are summed with CostSum: the buckets come in hash order, which differs per process.
        var rows: [String: (row: ReportRow, cost: CostSum)] = [:]
        var starts: [Int64: (start: Int64, label: String)] = [:]
        for (key, totals) in timeline.buckets {
            let millis = key.quarter * TimeBucketKey.quarterMillis
            let start: (start: Int64, label: String)
            if let known = starts[key.quarter] {
                start = known
            } else {
                let begin = calendar.interval(of: period, at: millis).start
                let date = calendar.date(at: begin)
                start = (begin, PeriodCalendar.isoDate(date))
                starts[key.quarter] = start
            }
            if let since, start.start < since { continue }
            if let until, start.start >= until { continue }
            let series = stored.seriesKeys[Int(key.series)]
            let values = groups.map { series[$0.label] }
            let id = ([start.label] + values).joined(separator: "\u{0}")
            var entry = rows[id] ?? (ReportRow(period: start.label, groups: values), CostSum())
            entry.row.tokens += totals.tokens
            entry.cost += totals.costUSD
            entry.row.requests += totals.requests
            rows[id] = entry
        }
        return rows.values.map { entry in
            var row = entry.row
            row.costUSD = entry.cost.value
            return row
        }.sorted {
            $0.period != $1.period ? $0.period < $1.period : $0.groups.lexicographicallyPrecedes($1.groups)
        }
    }

    /// Claude Code's five-hour blocks of the last 40 days, oldest first, the active one marked:
    /// the same chain as the block gauges.
    package func blockReport(at now: Int64) -> [BlockSummary] {
        let detailed = UsageTimeline.foldBoundary(now: now)
        var quarters: [Int64: (totals: BucketTotals, cost: CostSum)] = [:]
        for (key, totals) in timeline.buckets
        where key.quarter >= detailed && stored.seriesKeys[Int(key.series)].source == UsageLedger.blockSource {
            quarters[key.quarter, default: (BucketTotals(), CostSum())].totals.add(totals)
            quarters[key.quarter]!.cost += totals.costUSD
        }
        var chain = BlockChain()
        var blocks: [BlockSummary] = []
        func summary(_ chain: BlockChain, active: Bool) -> BlockSummary {
            BlockSummary(
                startMillis: chain.start, endMillis: chain.end, tokens: chain.tokens, costUSD: chain.costUSD,
                active: active)
        }
        for quarter in quarters.keys.sorted() where quarter * TimeBucketKey.quarterMillis <= now {
            let (totals, cost) = quarters[quarter]!
            let previous = chain
            chain.apply(
                first: totals.firstMillis, last: totals.lastMillis, tokens: totals.tokens.total, costUSD: cost.value)
            if previous.hasBlock, previous.start != chain.start { blocks.append(summary(previous, active: false)) }
        }
        if chain.hasBlock { blocks.append(summary(chain, active: chain.isActive(at: now))) }
        return blocks
    }

    /// Every session that counted a request, most recently active first.
    package var sessionReport: [(key: SessionKey, totals: SessionTotals)] {
        zip(timeline.sessionKeys, timeline.sessions).filter { $0.1.lastMillis != .min }.map { ($0, $1) }
            .sorted { $0.1.lastMillis != $1.1.lastMillis ? $0.1.lastMillis > $1.1.lastMillis : $0.0 < $1.0 }
    }
}
