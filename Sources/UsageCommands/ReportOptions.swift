/// What `report` prints: which report, grouped how, over which dates, in which format.
public struct ReportOptions: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case daily, weekly, monthly, session, blocks
    }

    public enum Format: String, Sendable {
        case table, json, csv
    }

    public var kind: Kind
    public var groups: [String] = []
    /// `YYYY-MM-DD` in the report's zone, inclusive.
    public var since: String?
    public var until: String?
    public var format = Format.table

    public init(kind: Kind) {
        self.kind = kind
    }
}
