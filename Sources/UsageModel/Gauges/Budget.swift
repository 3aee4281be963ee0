/// A spending limit for a period: global, or for one project or tenant.
package struct Budget: Equatable, Hashable, Comparable, Sendable {
    package enum Scope: String, CaseIterable, Sendable {
        case global, project, tenant
    }

    package var scope: Scope
    /// The project or tenant; empty for the global scope.
    package var scopeValue: String
    package var period: Period
    package var amountUSD: Double

    package init(scope: Scope, scopeValue: String = "", period: Period, amountUSD: Double) {
        self.scope = scope
        self.scopeValue = scopeValue
        self.period = period
        self.amountUSD = amountUSD
    }

    package static func < (lhs: Budget, rhs: Budget) -> Bool {
        (lhs.period, lhs.scope.rawValue, lhs.scopeValue) < (rhs.period, rhs.scope.rawValue, rhs.scopeValue)
    }
}
