import ByteJSON

/// The slices of one line that activity is read from, gathered in the same walk as usage.
struct ActivityFields {
    /// One element of `message.content`.
    struct Block {
        var type: JSONStringSlice?
        var id: JSONStringSlice?
        var name: JSONStringSlice?
        var toolUseID: JSONStringSlice?
        var isError = false
        /// A text block's text, or a tool result's (first) text.
        var text: JSONStringSlice?
        var skill: JSONStringSlice?
        var subagentType: JSONStringSlice?
    }

    var lineType: JSONStringSlice?
    var uuid: JSONStringSlice?
    var agentID: JSONStringSlice?
    var isMeta = false
    var isCompactSummary = false
    var isAPIError = false
    /// `message.content` when it is one string (a typed prompt).
    var contentString: JSONStringSlice?
    /// The text of the first text block.
    var firstText: JSONStringSlice?
    /// The tool uses and results (other blocks are not kept: most lines then allocate nothing).
    var blocks: [Block] = []
    /// From `toolUseResult`: `structuredPatch`'s `+` and `-` lines, whether it had hunks, and
    /// a created file's content.
    var patchAdded: UInt64 = 0
    var patchRemoved: UInt64 = 0
    var hasHunks = false
    var resultType: JSONStringSlice?
    var resultContent: JSONStringSlice?
    var resultAgentID: JSONStringSlice?
    /// A NotebookEdit's written cell and how it was written (`replace`, `insert`, `delete`).
    var resultNewSource: JSONStringSlice?
    var resultEditMode: JSONStringSlice?
}
