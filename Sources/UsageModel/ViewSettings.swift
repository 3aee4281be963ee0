/// What the time-derived gauges need beyond the ledger: zone, budgets and bounds.
public struct ViewSettings: Sendable {
    public var calendar: PeriodCalendar
    public var budgets: [Budget]
    public var warningRatio: Double
    public var criticalRatio: Double
    /// Sessions with usage in this window are exported, at most `sessionsMax`, costliest first.
    public var sessionWindowMillis: Int64
    public var sessionsMax: Int
    /// Branches over this window, at most `branchesMax`, costliest first.
    public var branchWindowMillis: Int64
    public var branchesMax: Int
    public var blockTokenLimit: BlockTokenLimit

    public init(
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
