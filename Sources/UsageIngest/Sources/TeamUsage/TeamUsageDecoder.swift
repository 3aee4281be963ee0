import UsageModel

/// Team usage records (`token-usage-YYYYMM.jsonl`), written by a hook at the end of each CI
/// agent session: `usage_captured` records are requests with `user` and `phase` labels;
/// `capture_failure` records count the sessions whose usage was lost.
package struct TeamUsageDecoder: LogLineDecoder {
    typealias Context = Void
    package static let sourceName = "team_usage"

    private enum Field: String, CaseIterable {
        case type, timestamp
        case session = "session_id"
        case model, user, phase, project
        case input = "tokens.input"
        case output = "tokens.output"
        case total = "tokens.total"
        case cacheRead = "tokens.cache_read"
        case cacheWrite = "tokens.cache_creation"
        case cost = "cost_usd.total"
        case reason, error
        var index: Int { Field.allCases.firstIndex(of: self)! }
    }

    private static let schema = FieldSchema(Field.allCases.map(\.rawValue))

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, context: inout Void) throws(RejectReason) -> LogLineEffect?
    {
        let fields = try LineFields(line, schema: TeamUsageDecoder.schema)
        guard let type = try fields.string(Field.type.index) else { throw .missingField }
        switch type {
        case "usage_captured":
            let timestamp = try fields.timestamp(Field.timestamp.index)
            let session = try fields.requiredString(Field.session.index)
            let model = try fields.requiredString(Field.model.index)
            guard !model.isEmpty else { throw .missingField }
            let tokens = TokenCounts(
                input: try fields.requiredCount(Field.input.index),
                output: try fields.requiredCount(Field.output.index),
                cacheWrite5m: try fields.count(Field.cacheWrite.index) ?? 0, cacheWrite1h: 0,
                cacheRead: try fields.count(Field.cacheRead.index) ?? 0)
            let cost = try fields.number(Field.cost.index)
            if let cost, cost < 0 { throw .badValue }
            let key = SeriesKey(
                source: TeamUsageDecoder.sourceName, provider: "", model: model,
                project: try fields.string(Field.project.index) ?? "", user: try fields.string(Field.user.index) ?? "",
                phase: try fields.string(Field.phase.index) ?? "")
            let record = UsageRecord(
                series: 0, tokens: tokens, reportedCostUSD: cost, timestampMillis: timestamp,
                dedupKey: TeamUsageDecoder.lineKey(line))
            let actual = try fields.count(Field.total.index) ?? tokens.total
            return .usage(LogUsage(key: key, record: record, session: session, actual: (session, actual)))
        case "capture_failure":
            _ = try fields.timestamp(Field.timestamp.index)
            let text = try fields.firstString(Field.reason.index, Field.error.index)
            return .captureFailure(CaptureFailureReason(text: text), key: TeamUsageDecoder.lineKey(line))
        default:
            return nil
        }
    }
}
