/// How a tool use ended, from its `tool_result`: the `outcome` label.
package enum ToolOutcome: UInt8, CaseIterable, Sendable {
    case ok = 1
    case error = 2
    /// The user refused the tool use (the permission prompt's "no", or an interrupt).
    case rejected = 3

    package var label: String {
        switch self {
        case .ok: "ok"
        case .error: "error"
        case .rejected: "rejected"
        }
    }
}
