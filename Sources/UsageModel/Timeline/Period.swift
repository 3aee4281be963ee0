/// A calendar period in the configured time zone: the `period` label.
package enum Period: String, CaseIterable, Comparable, Sendable {
    case day, week, month

    package static func < (lhs: Period, rhs: Period) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
