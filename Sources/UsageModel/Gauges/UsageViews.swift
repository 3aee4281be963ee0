/// The gauges computed at a moment from the ledger: calendar periods, budgets, the active
/// five-hour block, active sessions and costly branches.
package struct UsageViews: Equatable, Sendable {
    package struct PeriodSource: Hashable, Comparable, Sendable {
        package var period: Period
        package var source: String
        package init(period: Period, source: String) {
            self.period = period
            self.source = source
        }
        package static func < (lhs: PeriodSource, rhs: PeriodSource) -> Bool {
            (lhs.period, lhs.source) < (rhs.period, rhs.source)
        }
    }

    package struct BranchKey: Hashable, Comparable, Sendable {
        package var project: String
        package var branch: String
        package init(project: String, branch: String) {
            self.project = project
            self.branch = branch
        }
        package static func < (lhs: BranchKey, rhs: BranchKey) -> Bool {
            (lhs.project, lhs.branch) < (rhs.project, rhs.branch)
        }
    }

    package var nowMillis: Int64 = 0
    /// Cost and tokens of the current day, week and month, per source (every known source, 0 included).
    package var periodCost: [PeriodSource: Double] = [:]
    package var periodTokens: [PeriodSource: TokenCounts] = [:]
    /// When the current day, week and month end (Unix milliseconds): rules keep a sleeping
    /// laptop's period cost until then.
    package var periodEnds: [Period: Int64] = [:]
    /// Each budget with the cost of its current period.
    package var budgets: [(budget: Budget, usedUSD: Double)] = []
    package var warningRatio = 0.8
    package var criticalRatio = 0.95
    package var block: ActiveBlock?
    package var blockLimitTokens: UInt64?
    package var sessions: [(key: SessionKey, totals: SessionTotals)] = []
    package var branches: [(key: BranchKey, costUSD: Double)] = []
    package var limitResetSeconds: Int64?

    package init() {}

    package static func == (lhs: UsageViews, rhs: UsageViews) -> Bool {
        lhs.nowMillis == rhs.nowMillis && lhs.periodCost == rhs.periodCost && lhs.periodTokens == rhs.periodTokens
            && lhs.budgets.elementsEqual(rhs.budgets, by: { $0.budget == $1.budget && $0.usedUSD == $1.usedUSD })
            && lhs.warningRatio == rhs.warningRatio && lhs.criticalRatio == rhs.criticalRatio && lhs.block == rhs.block
            && lhs.blockLimitTokens == rhs.blockLimitTokens
            && lhs.sessions.elementsEqual(rhs.sessions, by: { $0.key == $1.key && $0.totals == $1.totals })
            && lhs.branches.elementsEqual(rhs.branches, by: { $0.key == $1.key && $0.costUSD == $1.costUSD })
            && lhs.limitResetSeconds == rhs.limitResetSeconds
    }
}
