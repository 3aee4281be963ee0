/// A calendar period in the configured time zone: the `period` label.
public enum Period: String, CaseIterable, Comparable, Sendable {
    case day, week, month

    public static func < (lhs: Period, rhs: Period) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
