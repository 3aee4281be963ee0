/// What the time-derived gauges need beyond the ledger: zone, budgets and bounds.
package struct ViewSettings: Sendable {
    package var calendar: PeriodCalendar
    package var budgets: [Budget]
    package var warningRatio: Double
    package var criticalRatio: Double
    /// Sessions with usage in this window are exported, at most `sessionsMax`, costliest first.
    package var sessionWindowMillis: Int64
    package var sessionsMax: Int
    /// Branches over this window, at most `branchesMax`, costliest first.
    package var branchWindowMillis: Int64
    package var branchesMax: Int
    package var blockTokenLimit: BlockTokenLimit

    package init(
        calendar: PeriodCalendar, budgets: [Budget] = [], warningRatio: Double = 0.8, criticalRatio: Double = 0.95,
        sessionWindowMillis: Int64 = 6 * 3_600_000, sessionsMax: Int = 50, branchWindowMillis: Int64 = 7 * 86_400_000,
        branchesMax: Int = 50, blockTokenLimit: BlockTokenLimit = .none
    ) {
        self.calendar = calendar
        self.budgets = budgets
        self.warningRatio = warningRatio
        self.criticalRatio = criticalRatio
        self.sessionWindowMillis = sessionWindowMillis
        self.sessionsMax = sessionsMax
        self.branchWindowMillis = branchWindowMillis
        self.branchesMax = branchesMax
        self.blockTokenLimit = blockTokenLimit
    }
}
