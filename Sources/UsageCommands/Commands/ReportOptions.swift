/// What `report` prints: which report, grouped how, over which dates, in which format.
package struct ReportOptions: Equatable, Sendable {
    package enum Kind: String, CaseIterable, Sendable {
        case daily, weekly, monthly, session, blocks
    }

    package enum Format: String, Sendable {
        case table, json, csv
    }

    package var kind: Kind
    package var groups: [String] = []
    /// `YYYY-MM-DD` in the report's zone, inclusive.
    package var since: String?
    package var until: String?
    package var format = Format.table

    package init(kind: Kind) {
        self.kind = kind
    }
}
