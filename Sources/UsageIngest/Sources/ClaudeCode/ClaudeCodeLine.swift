package import UsageModel

/// The fields of a Claude Code transcript line that usage accounting needs: a plain value
/// (its strings are in the decoder's per-file tables), so a file's lines copy as bytes.
package struct ClaudeCodeLine: Equatable, Sendable {
    package static let noContext = UInt32.max
    package static let noActivity = UInt32.max

    /// Hash of (`message.id`, `requestId`), or of `message.id` alone when there is no request id.
    package var dedupKey: UInt64
    /// Index of the model in the decoder's ``ClaudeCodeDecoder/models`` for the file.
    package var modelIndex: UInt32
    package var tokens: TokenCounts
    package var costUSD: Double?
    package var timestampMillis: Int64
    package var isSidechain: Bool
    package var isFast: Bool
    /// Index of the working directory the line was written in in the decoder's
    /// ``ClaudeCodeDecoder/cwds`` for the file; ``StringTable/none`` when it does not say.
    package var cwd: UInt32
    /// Index of the line's session and branch in the decoder's ``ClaudeCodeDecoder/contexts``
    /// for the file; ``noContext`` when the line names neither.
    package var context: UInt32
    /// Set on a usage-limit notice (no request): when Claude's window resets, Unix seconds.
    package var limitResetSeconds: Int64?
    /// False for a line that records no request: a notice, or a line read for its activity.
    package var countsUsage = true
    /// Index of what the line says besides usage in the decoder's
    /// ``ClaudeCodeDecoder/activities`` for the file; ``noActivity`` when nothing (or activity is
    /// not read).
    package var activity = ClaudeCodeLine.noActivity
    /// The subagent run (hash of `agentId`) the line is part of.
    package var run: UInt64?

    package init(
        dedupKey: UInt64, modelIndex: UInt32 = 0, tokens: TokenCounts, costUSD: Double? = nil,
        timestampMillis: Int64, isSidechain: Bool = false, isFast: Bool = false, cwd: UInt32 = StringTable.none,
        context: UInt32 = ClaudeCodeLine.noContext, limitResetSeconds: Int64? = nil
    ) {
        self.context = context
        self.limitResetSeconds = limitResetSeconds
        self.dedupKey = dedupKey
        self.modelIndex = modelIndex
        self.tokens = tokens
        self.costUSD = costUSD
        self.timestampMillis = timestampMillis
        self.isSidechain = isSidechain
        self.isFast = isFast
        self.cwd = cwd
    }
}
