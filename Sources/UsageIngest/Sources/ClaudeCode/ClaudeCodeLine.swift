package import UsageModel

/// The fields of a Claude Code transcript line that usage accounting needs: a plain value
/// (its strings are in the decoder's per-file tables), so a file's lines copy as bytes.
package struct ClaudeCodeLine: Equatable, Sendable {
    package static let noContext = UInt32.max
    package static let noActivity = UInt32.max

    // The stored fields go widest first and the optional ones as a value and a bit, so a line
    // takes 104 bytes instead of 128 (a window's lines are held until they are counted).

    /// Hash of (`message.id`, `requestId`), or of `message.id` alone when there is no request id.
    package var dedupKey: UInt64
    package var tokens: TokenCounts
    package var timestampMillis: Int64
    private var storedCost: Double = 0
    private var storedReset: Int64 = 0
    private var storedRun: UInt64 = 0
    /// Index of the model in the decoder's ``ClaudeCodeDecoder/models`` for the file.
    package var modelIndex: UInt32
    /// Index of the working directory the line was written in in the decoder's
    /// ``ClaudeCodeDecoder/cwds`` for the file; ``StringTable/none`` when it does not say.
    package var cwd: UInt32
    /// Index of the line's session and branch in the decoder's ``ClaudeCodeDecoder/contexts``
    /// for the file; ``noContext`` when the line names neither.
    package var context: UInt32
    /// Index of what the line says besides usage in the decoder's
    /// ``ClaudeCodeDecoder/activities`` for the file; ``noActivity`` when nothing (or activity is
    /// not read).
    package var activity = ClaudeCodeLine.noActivity
    package var isSidechain: Bool
    package var isFast: Bool
    /// False for a line that records no request: a notice, or a line read for its activity.
    package var countsUsage = true
    /// Which of the optional values are there: ``costUSD``, ``limitResetSeconds``, ``run``.
    private var present: UInt8 = 0

    package var costUSD: Double? {
        get { present & 1 != 0 ? storedCost : nil }
        set { (storedCost, present) = ClaudeCodeLine.store(newValue, 0, bit: 1, in: present) }
    }

    /// Set on a usage-limit notice (no request): when Claude's window resets, Unix seconds.
    package var limitResetSeconds: Int64? {
        get { present & 2 != 0 ? storedReset : nil }
        set { (storedReset, present) = ClaudeCodeLine.store(newValue, 0, bit: 2, in: present) }
    }

    /// The subagent run (hash of `agentId`) the line is part of.
    package var run: UInt64? {
        get { present & 4 != 0 ? storedRun : nil }
        set { (storedRun, present) = ClaudeCodeLine.store(newValue, 0, bit: 4, in: present) }
    }

    /// A value and its bit, or the zero value without it (so equal lines compare equal).
    private static func store<T>(_ value: T?, _ zero: T, bit: UInt8, in present: UInt8) -> (T, UInt8) {
        if let value { return (value, present | bit) }
        return (zero, present & ~bit)
    }

    package init(
        dedupKey: UInt64, modelIndex: UInt32 = 0, tokens: TokenCounts, costUSD: Double? = nil,
        timestampMillis: Int64, isSidechain: Bool = false, isFast: Bool = false, cwd: UInt32 = StringTable.none,
        context: UInt32 = ClaudeCodeLine.noContext, limitResetSeconds: Int64? = nil
    ) {
        self.dedupKey = dedupKey
        self.tokens = tokens
        self.timestampMillis = timestampMillis
        self.modelIndex = modelIndex
        self.cwd = cwd
        self.context = context
        self.isSidechain = isSidechain
        self.isFast = isFast
        self.costUSD = costUSD
        self.limitResetSeconds = limitResetSeconds
    }
}
