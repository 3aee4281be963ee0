/// What the activity ledger remembers of one tool call (by its `tool_use` id): its tool once
/// the use is read, its outcome once the result is. A result is counted when both are known,
/// so the order the two lines are read in (or a copy in a resumed session) changes nothing.
struct ToolCall: Equatable, Sendable {
    static let unknownTool = UInt32.max

    /// Index in ``ActivityLedger/toolNames``, ``unknownTool`` until the use is read.
    var tool: UInt32 = ToolCall.unknownTool
    /// ``ToolOutcome`` raw value, 0 until the result is read.
    var outcome: UInt8 = 0
}
