import UsageModel

/// Prompt audits (`prompt-audit-*.jsonl`): a prompt's estimated token count and, once known,
/// the actual one. The prompt text is skipped unread: it is never decoded, kept or logged.
package struct PromptAuditDecoder: LogLineDecoder {
    typealias Context = Void
    package static let sourceName = "prompt_audit"

    private enum Field: String, CaseIterable {
        case timestamp
        case session = "session_id"
        case estimated = "metadata.prompt_metrics.estimated_tokens"
        case actual = "metadata.prompt_metrics.actual_tokens"
        var index: Int { Field.allCases.firstIndex(of: self)! }
    }

    private static let schema = FieldSchema(Field.allCases.map(\.rawValue))

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, context: inout Void) throws(RejectReason) -> LogLineEffect?
    {
        let fields = try LineFields(line, schema: PromptAuditDecoder.schema)
        _ = try fields.timestamp(Field.timestamp.index)
        let estimated = try fields.requiredCount(Field.estimated.index)
        let actual = try fields.count(Field.actual.index)
        // An error ratio needs an actual count above zero.
        if actual == 0 { throw .badValue }
        let session = try fields.string(Field.session.index)
        if actual == nil, session?.isEmpty ?? true { throw .missingField }
        return .audit(session: session, estimated: estimated, actual: actual, key: PromptAuditDecoder.lineKey(line))
    }
}
