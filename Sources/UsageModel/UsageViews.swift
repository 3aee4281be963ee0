/// The gauges computed at a moment from the ledger: calendar periods, budgets, the active
/// five-hour block, active sessions and costly branches.
public struct UsageViews: Equatable, Sendable {
    public struct PeriodSource: Hashable, Comparable, Sendable {
        public var period: Period
        public var source: String
        public init(period: Period, source: String) {
            self.period = period
            self.source = source
        }
        public static func < (lhs: PeriodSource, rhs: PeriodSource) -> Bool {
            (lhs.period, lhs.source) < (rhs.period, rhs.source)
        }
    }

    public struct BranchKey: Hashable, Comparable, Sendable {
        public var project: String
        public var branch: String
        public init(project: String, branch: String) {
            self.project = project
            self.branch = branch
        }
        public static func < (lhs: BranchKey, rhs: BranchKey) -> Bool {
            (lhs.project, lhs.branch) < (rhs.project, rhs.branch)
        }
    }

    public var nowMillis: Int64 = 0
    /// Cost and tokens of the current day, week and month, per source (every known source, 0 included).
    public var periodCost: [PeriodSource: Double] = [:]
    public var periodTokens: [PeriodSource: TokenCounts] = [:]
    /// Each budget with the cost of its current period.
    public var budgets: [(budget: Budget, usedUSD: Double)] = []
    public var warningRatio = 0.8
    public var criticalRatio = 0.95
    public var block: ActiveBlock?
    public var blockLimitTokens: UInt64?
    public var sessions: [(key: SessionKey, totals: SessionTotals)] = []
    public var branches: [(key: BranchKey, costUSD: Double)] = []
    public var limitResetSeconds: Int64?

    public init() {}

    public static func == (lhs: UsageViews, rhs: UsageViews) -> Bool {
        lhs.nowMillis == rhs.nowMillis && lhs.periodCost == rhs.periodCost && lhs.periodTokens == rhs.periodTokens
            && lhs.budgets.elementsEqual(rhs.budgets, by: { $0.budget == $1.budget && $0.usedUSD == $1.usedUSD })
            && lhs.warningRatio == rhs.warningRatio && lhs.criticalRatio == rhs.criticalRatio && lhs.block == rhs.block
            && lhs.blockLimitTokens == rhs.blockLimitTokens
            && lhs.sessions.elementsEqual(rhs.sessions, by: { $0.key == $1.key && $0.totals == $1.totals })
            && lhs.branches.elementsEqual(rhs.branches, by: { $0.key == $1.key && $0.costUSD == $1.costUSD })
            && lhs.limitResetSeconds == rhs.limitResetSeconds
    }
}
