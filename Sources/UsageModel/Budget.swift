/// A spending limit for a period: global, or for one project or tenant.
public struct Budget: Equatable, Hashable, Comparable, Sendable {
    public enum Scope: String, CaseIterable, Sendable {
        case global, project, tenant
    }

    public var scope: Scope
    /// The project or tenant; empty for the global scope.
    public var scopeValue: String
    public var period: Period
    public var amountUSD: Double

    public init(scope: Scope, scopeValue: String = "", period: Period, amountUSD: Double) {
        self.scope = scope
        self.scopeValue = scopeValue
        self.period = period
        self.amountUSD = amountUSD
    }

    public static func < (lhs: Budget, rhs: Budget) -> Bool {
        (lhs.period, lhs.scope.rawValue, lhs.scopeValue) < (rhs.period, rhs.scope.rawValue, rhs.scopeValue)
    }
}
