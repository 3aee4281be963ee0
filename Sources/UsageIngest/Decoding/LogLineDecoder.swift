import UsageModel

/// A ``LineDecoder`` of the JSON-lines logs read line by line on the ingest thread (Codex,
/// team usage, prompt audits, application events): what a line adds to the ledger, and how a
/// file's context is saved with its position.
protocol LogLineDecoder: LineDecoder where Record == LogLineEffect {
    /// The `source` label value.
    static var sourceName: String { get }
    /// The context of a file read from its start.
    static var emptyContext: Context { get }

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
