/// One series of an activity family: its kind, the source's labels, and the labels of that
/// kind (empty where the kind has none).
package struct ActivitySeries: Hashable, Comparable, Sendable {
    package var kind: ActivityKind
    package var source: String
    package var user: String
    package var tool: ToolName
    /// The outcome (tool results), the change (code lines) or the error kind (API errors).
    package var detail: String

    package init(
        _ kind: ActivityKind, source: String, user: String, tool: ToolName = ToolName(tool: ""), detail: String = ""
    ) {
        self.kind = kind
        self.source = source
        self.user = user
        self.tool = tool
        self.detail = detail
    }

    package static func < (lhs: ActivitySeries, rhs: ActivitySeries) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return (lhs.source, lhs.user, lhs.tool, lhs.detail) < (rhs.source, rhs.user, rhs.tool, rhs.detail)
    }
}
