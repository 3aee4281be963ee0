import Testing

@testable import UsageModel

/// The time-derived gauges on fixtures whose requests sit at known times relative to an
/// injected "now", against values worked out by hand.
@Suite struct UsageViewsTests {
    static let hour: Int64 = 3_600_000
    static let minute: Int64 = 60_000
    private func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        PeriodCalendarTests.utc(year, month, day, hour, minute)
    }

    struct Fixture {
        var ledger = UsageLedger()
        var next: UInt64 = 1

        /// One request at `millis` with a fixed cost (cost mode auto takes it as is).
        mutating func add(
            _ millis: Int64, cost: Double, tokens: UInt64 = 1000, source: String = "claude_code",
            project: String = "app", tenant: String = "", session: String? = nil, branch: String = ""
        ) {
            let series = ledger.intern(
                SeriesKey(
                    source: source, provider: "anthropic", model: "claude-sonnet-4-5", project: project, tenant: tenant)
            )
            let sessionID = session.map {
                ledger.internSession(SessionKey(source: source, project: project, sessionID: $0, gitBranch: branch))
            }
            _ = ledger.add(
                UsageRecord(
                    series: series, tokens: TokenCounts(input: tokens), reportedCostUSD: cost, timestampMillis: millis,
                    dedupKey: next, session: sessionID, branch: ledger.internBranch(branch)))
            next += 1
        }
    }

    private func settings(_ zone: String = "UTC", _ change: (inout ViewSettings) -> Void = { _ in }) -> ViewSettings {
        var settings = ViewSettings(calendar: PeriodCalendar(zoneName: zone)!)
        change(&settings)
        return settings
    }

    @Test func periodsSumTheRequestsOfTheCurrentDayWeekAndMonth() {
        var fixture = Fixture()
        fixture.ledger.register(source: "events")
        fixture.add(utc(2024, 3, 10, 4, 59), cost: 1, tokens: 1)  // 23:59 EST the day before
        fixture.add(utc(2024, 3, 10, 5, 0), cost: 2, tokens: 2)  // local midnight
        fixture.add(utc(2024, 3, 10, 11, 59), cost: 4, tokens: 4, source: "codex")
        fixture.add(utc(2024, 3, 3, 12), cost: 8, tokens: 8)  // the Sunday before: last week
        fixture.add(utc(2024, 2, 29, 12), cost: 16, tokens: 16)  // last month
        let views = fixture.ledger.views(at: utc(2024, 3, 10, 12), settings: settings("America/New_York"))
        func cost(_ period: Period, _ source: String) -> Double? {
            views.periodCost[UsageViews.PeriodSource(period: period, source: source)]
        }
        #expect(cost(.day, "claude_code") == 2)
        #expect(cost(.day, "codex") == 4)
        #expect(cost(.week, "claude_code") == 3)
        #expect(cost(.month, "claude_code") == 11)
        #expect(cost(.month, "codex") == 4)
        #expect(cost(.day, "events") == 0)
        #expect(views.periodTokens[UsageViews.PeriodSource(period: .month, source: "claude_code")]?.input == 11)
        // Sunday weeks: the Sunday before now is this week's first day.
        let sunday = fixture.ledger.views(
            at: utc(2024, 3, 10, 12),
            settings: settings("America/New_York") {
                $0.calendar = PeriodCalendar(zoneName: "America/New_York", weekStartsMonday: false)!
            })
        #expect(sunday.periodCost[UsageViews.PeriodSource(period: .week, source: "claude_code")] == 2)
    }

    @Test func theDaysCostEqualsTheCountersIncreaseSinceLocalMidnight() {
        var fixture = Fixture()
        let midnight = utc(2025, 3, 5, 18, 30)  // Kolkata
        for step in 0..<40 {
            fixture.add(midnight - Int64(40 - step) * 7 * Self.minute, cost: 0.25 * Double(step % 3 + 1))
        }
        let atMidnight = fixture.ledger.counters.totalCostUSD
        for step in 0..<50 {
            fixture.add(midnight + Int64(step) * 11 * Self.minute, cost: 0.125 * Double(step % 4 + 1))
        }
        let now = midnight + 10 * Self.hour
        let views = fixture.ledger.views(at: now, settings: settings("Asia/Kolkata"))
        let day = views.periodCost.filter { $0.key.period == .day }.values.reduce(0, +)
        #expect(abs(day - (fixture.ledger.counters.totalCostUSD - atMidnight)) < 1e-9)
        #expect(day > 0)
    }

    @Test func budgetsRatiosAreExactPerScope() {
        var fixture = Fixture()
        let now = utc(2025, 3, 5, 12)
        fixture.add(now - Self.hour, cost: 2)
        fixture.add(now - 2 * Self.hour, cost: 4, project: "web")
        fixture.add(now - 3 * Self.hour, cost: 0.5, source: "events", project: "", tenant: "hotel-42")
        fixture.add(utc(2025, 3, 1, 1), cost: 1, source: "events", project: "", tenant: "hotel-42")
        let budgets = [
            Budget(scope: .global, period: .day, amountUSD: 10),
            Budget(scope: .project, scopeValue: "app", period: .day, amountUSD: 4),
            Budget(scope: .tenant, scopeValue: "hotel-42", period: .month, amountUSD: 2),
            Budget(scope: .tenant, scopeValue: "hotel-7", period: .week, amountUSD: 5),
        ]
        let views = fixture.ledger.views(
            at: now,
            settings: settings {
                $0.budgets = budgets; $0.warningRatio = 0.7
            })
        let used = Dictionary(
            uniqueKeysWithValues: views.budgets.map {
                ("\($0.budget.scope)/\($0.budget.scopeValue)/\($0.budget.period)", $0.usedUSD)
            })
        #expect(used["global//day"] == 6.5)
        #expect(used["project/app/day"] == 2)
        #expect(used["tenant/hotel-42/month"] == 1.5)
        #expect(used["tenant/hotel-7/week"] == 0)
        #expect(views.warningRatio == 0.7)
        #expect(views.criticalRatio == 0.95)
    }

    @Test func theActiveBlockItsBurnRateAndProjection() throws {
        var fixture = Fixture()
        let ten = utc(2025, 3, 5, 10)
        fixture.add(ten + 7 * Self.minute, cost: 1, tokens: 100)
        fixture.add(ten + 30 * Self.minute, cost: 2, tokens: 200)
        fixture.add(ten + 2 * Self.hour, cost: 3, tokens: 300)
        fixture.add(ten + Self.hour, cost: 50, tokens: 5000, source: "codex")  // not Claude's window
        let now = ten + 150 * Self.minute
        let views = fixture.ledger.views(at: now, settings: settings { $0.blockTokenLimit = .tokens(1000) })
        let block = try #require(views.block)
        #expect(block.startMillis == ten)
        #expect(block.endMillis == ten + 5 * Self.hour)
        #expect(block.tokens == 600)
        #expect(block.costUSD == 6)
        // First request 10:07, last 12:00: 113 minutes; 150 minutes left until 15:00.
        let tokensPerMinute: Double = 600.0 / 113
        let usdPerMinute: Double = 6.0 / 113
        #expect(block.burnTokensPerMinute == tokensPerMinute)
        #expect(block.burnUSDPerHour == usdPerMinute * 60)
        let projectedTokens: Double = 600 + tokensPerMinute * 150
        let projectedCost: Double = 6 + usdPerMinute * 150
        #expect(block.projectedTokens == projectedTokens)
        #expect(block.projectedCostUSD == projectedCost)
        #expect(views.blockLimitTokens == 1000)
    }

    @Test func blocksFollowTheFiveHourAndGapRules() throws {
        var fixture = Fixture()
        let ten = utc(2025, 3, 5, 10)
        for hour in 0..<6 { fixture.add(ten + Int64(hour) * Self.hour + 10 * Self.minute, cost: 1, tokens: 100) }
        let maxSettings = settings { $0.blockTokenLimit = .largestFinished }
        // 15:10 is more than five hours after 10:00: a new block, floored to 15:00, with one request.
        var views = fixture.ledger.views(at: ten + 5 * Self.hour + 30 * Self.minute, settings: maxSettings)
        var block = try #require(views.block)
        #expect(block.startMillis == ten + 5 * Self.hour)
        #expect(block.tokens == 100)
        #expect(block.burnTokensPerMinute == nil)
        #expect(block.projectedTokens == nil)
        #expect(views.blockLimitTokens == 500)
        // At 20:00 that block has ended: none is active.
        views = fixture.ledger.views(at: ten + 10 * Self.hour, settings: maxSettings)
        #expect(views.block == nil)
        // More than five hours after the last request (15:10 -> 20:40): a new block at 20:00.
        fixture.add(ten + 10 * Self.hour + 40 * Self.minute, cost: 1, tokens: 700)
        views = fixture.ledger.views(at: ten + 11 * Self.hour, settings: maxSettings)
        block = try #require(views.block)
        #expect(block.startMillis == ten + 10 * Self.hour)
        #expect(block.tokens == 700)
        #expect(views.blockLimitTokens == 500)
        // Once the 20:00 block has ended, it is the largest that has.
        views = fixture.ledger.views(at: ten + 30 * Self.hour, settings: maxSettings)
        #expect(views.block == nil)
        #expect(views.blockLimitTokens == 700)
    }

    @Test func sessionsInTheWindowCostliestFirstAndIdleOnesDisappear() {
        var fixture = Fixture()
        let now = utc(2025, 3, 5, 12)
        fixture.add(now - Self.hour, cost: 5, session: "a", branch: "feature-x")
        fixture.add(now - 2 * Self.hour, cost: 3, session: "b")
        fixture.add(now - 7 * Self.hour, cost: 4, session: "c")
        fixture.add(now - 30 * Self.minute, cost: 1, session: "d")
        let limited = settings { $0.sessionsMax = 2 }
        var views = fixture.ledger.views(at: now, settings: limited)
        #expect(views.sessions.map(\.key.sessionID) == ["a", "b"])
        #expect(views.sessions[0].key.gitBranch == "feature-x")
        #expect(views.sessions[0].totals.costUSD == 5)
        views = fixture.ledger.views(at: now + 5 * Self.hour + 30 * Self.minute, settings: limited)
        #expect(views.sessions.map(\.key.sessionID) == ["d"])
    }

    @Test func branchesOverTheLastSevenDays() {
        var fixture = Fixture()
        let now = utc(2025, 3, 10, 12)
        fixture.add(now - 24 * Self.hour, cost: 2, branch: "feature-x")
        fixture.add(now - 8 * 24 * Self.hour, cost: 3, branch: "feature-x")
        fixture.add(now - Self.hour, cost: 1, project: "web", branch: "main")
        fixture.add(now - Self.hour, cost: 9)  // no branch
        let views = fixture.ledger.views(at: now, settings: settings())
        let expected = [
            UsageViews.BranchKey(project: "app", branch: "feature-x"),
            UsageViews.BranchKey(project: "web", branch: "main"),
        ]
        #expect(views.branches.map(\.key) == expected)
        #expect(views.branches.map(\.costUSD) == [2, 1])
    }

    @Test func cardinalityStaysWithinItsBoundsOnAThousandSessions() {
        var fixture = Fixture()
        let now = utc(2025, 3, 10, 12)
        for index in 0..<1000 {
            fixture.add(
                now - Int64(index % 300) * Self.minute, cost: Double(index % 97) + 0.5, session: "s\(index)",
                branch: "b\(index)")
        }
        let views = fixture.ledger.views(at: now, settings: settings())
        #expect(views.sessions.count == 50)
        #expect(views.branches.count == 50)
        #expect(views.sessions.first?.totals.costUSD == 96.5)
        #expect(zip(views.sessions, views.sessions.dropFirst()).allSatisfy { $0.totals.costUSD >= $1.totals.costUSD })
    }

    @Test func theTimelineSurvivesASaveAndRestore() throws {
        var fixture = Fixture()
        let now = utc(2025, 3, 5, 12)
        fixture.add(now - 30 * 24 * Self.hour, cost: 1, tokens: 900, session: "old")
        fixture.add(now - Self.hour, cost: 2, tokens: 100, session: "s", branch: "main")
        fixture.add(now - 10 * Self.minute, cost: 3, tokens: 50, session: "s", branch: "main")
        fixture.ledger.noteLimitReset(seconds: 1_741_190_400)
        let settings = settings { $0.blockTokenLimit = .largestFinished }
        _ = fixture.ledger.views(at: now, settings: settings)  // settles the old request
        var restored = try fixture.ledger.savedAndRestored()
        #expect(restored.views(at: now, settings: settings) == fixture.ledger.views(at: now, settings: settings))
        #expect(restored.counters.histograms == fixture.ledger.counters.histograms)
        #expect(restored.views(at: now, settings: settings).limitResetSeconds == 1_741_190_400)
        #expect(restored.views(at: now, settings: settings).blockLimitTokens == 900)
    }

    @Test func oldHistoryIsFoldedIntoHalfHoursKeepingItsTotals() {
        var fixture = Fixture()
        let midnight = utc(2025, 6, 30)
        let now = midnight + 12 * Self.hour
        // Every quarter hour of 60 UTC days, the oldest 80 days ago.
        for day in 0..<60 {
            for quarter in 0..<96 {
                fixture.add(midnight - Int64(80 - day) * 24 * Self.hour + Int64(quarter) * 15 * Self.minute, cost: 0.5)
            }
        }
        let before = fixture.ledger.timeline.buckets.count
        let total = fixture.ledger.timeline.buckets.values.reduce(0) { $0 + $1.costUSD }
        let month = fixture.ledger.views(at: now, settings: settings()).periodCost
        let after = fixture.ledger.timeline.buckets.count
        // The 40 days that began more than 40 days ago keep a bucket a half hour; the 20 recent
        // ones keep their quarter hours.
        #expect(before == 60 * 96)
        #expect(after == 40 * 48 + 20 * 96)
        #expect(fixture.ledger.timeline.buckets.values.reduce(0) { $0 + $1.costUSD } == total)
        #expect(fixture.ledger.views(at: now, settings: settings()).periodCost == month)
        // A request read later from that far back goes straight into its half hour.
        fixture.add(midnight - 70 * 24 * Self.hour + 45 * Self.minute, cost: 0.25)
        fixture.ledger.timeline.closeBucket()
        #expect(fixture.ledger.timeline.buckets.count == after)
        #expect(fixture.ledger.timeline.buckets.values.reduce(0) { $0 + $1.costUSD } == total + 0.25)
    }

    /// Kolkata's days begin at 18:30 UTC: old history folded into UTC half hours still splits
    /// 18:15 (23:45 there) and 18:45 (00:15 the next day) between two days.
    @Test func foldedHistoryKeepsHalfHourZonesDaysExact() throws {
        var fixture = Fixture()
        let now = utc(2025, 6, 30, 12)
        let old = utc(2025, 4, 20)
        fixture.add(old + 18 * Self.hour + 15 * Self.minute, cost: 1)
        fixture.add(old + 18 * Self.hour + 45 * Self.minute, cost: 2)
        _ = fixture.ledger.views(at: now, settings: settings())
        let calendar = try #require(PeriodCalendar(zoneName: "Asia/Kolkata"))
        let rows = fixture.ledger.periodReport(.day, calendar: calendar, groups: [])
        #expect(rows.map(\.period) == ["2025-04-20", "2025-04-21"])
        #expect(rows.map(\.costUSD) == [1, 2])
    }
}
