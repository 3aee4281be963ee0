/// One `token_count` usage object of a Codex session: `input` includes `cached`, and
/// `reasoning` is inside `output`.
struct CodexUsage: Equatable, Sendable {
    var input: UInt64 = 0
    var cached: UInt64 = 0
    var output: UInt64 = 0
    var reasoning: UInt64 = 0
    var total: UInt64 = 0

    var values: [UInt64] { [input, cached, output, reasoning, total] }

    init() {}

    init(values: [UInt64]) {
        (input, cached, output, reasoning, total) = (values[0], values[1], values[2], values[3], values[4])
    }

    /// The usage between an earlier cumulative total and this one; nil when a total went down
    /// (a new sequence of totals, not a continuation).
    func since(_ earlier: CodexUsage) -> CodexUsage? {
        guard input >= earlier.input, cached >= earlier.cached, output >= earlier.output,
            reasoning >= earlier.reasoning, total >= earlier.total
        else { return nil }
        return CodexUsage(
            values: [
                input - earlier.input, cached - earlier.cached, output - earlier.output,
                reasoning - earlier.reasoning, total - earlier.total,
            ])
    }
}
