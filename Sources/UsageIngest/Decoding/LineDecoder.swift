import UsageModel

/// Turns one line of a source's log into what it records: the one convention of every
/// source's decoder. A line that carries nothing to count gives nil; a line that cannot be
/// counted throws its reason, which is counted in `llm_usage_lines_rejected_total`.
protocol LineDecoder {
    associatedtype Record
    /// What a file's earlier lines told (Codex: the model of the current turn and the last
    /// cumulative totals), kept with the file's position so that tailing resumes exactly.
    associatedtype Context: Sendable = Void

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, context: inout Context) throws(RejectReason) -> Record?
}

extension LineDecoder where Context == Void {
    /// A line of a file whose lines do not depend on each other.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>) throws(RejectReason) -> Record? {
        var none: Void = ()
        return try decode(line, context: &none)
    }
}
