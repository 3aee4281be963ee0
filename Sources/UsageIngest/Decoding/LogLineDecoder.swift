import UsageModel

/// Turns one line of a JSON-lines usage log into a ``LogLineEffect``.
///
/// `Context` is what a file's earlier lines told (Codex: the model of the current turn and the
/// last cumulative totals); it is saved with the file's position so tailing resumes exactly.
protocol LogLineDecoder {
    associatedtype Context: Sendable

    /// The `source` label value.
    static var sourceName: String { get }
    /// The context of a file read from its start.
    static var emptyContext: Context { get }

    mutating func decode(
        _ line: UnsafeBufferPointer<UInt8>, context: inout Context
    ) throws(RejectReason)
        -> LogLineEffect

    static func encode(_ context: Context, into writer: inout StateWriter)
    static func decodeContext(from reader: inout StateReader) throws(StateError) -> Context
}

extension LogLineDecoder where Context == Void {
    static var emptyContext: Void { () }
    static func encode(_ context: Void, into writer: inout StateWriter) {}
    static func decodeContext(from reader: inout StateReader) throws(StateError) {}
}

extension LogLineDecoder {
    /// A key for a line without an id of its own: the hash of its bytes, so the same line read
    /// again (a file copied, truncated and rewritten) counts once.
    static func lineKey(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = StableHash()
        hash.combine(sourceName)
        hash.combineSeparator()
        hash.combine(line)
        return hash.finalized
    }
}
