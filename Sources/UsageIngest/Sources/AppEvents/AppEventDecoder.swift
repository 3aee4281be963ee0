import UsageModel

/// Application usage events: one line per API call an application made itself, labelled by
/// `tenant`, `app_service` and `operation`. A call its own cache answered (`cache_hit: true`)
/// is no request and costs nothing: it counts only in the cache lookups.
package struct AppEventDecoder: LogLineDecoder {
    typealias Context = Void
    package static let sourceName = "events"

    private enum Field: String, CaseIterable {
        case timestamp, provider, service
        case appService = "app_service"
        case operation, model, tenant, project
        case session = "session_id"
        case requestID = "request_id"
        case input = "input_tokens"
        case output = "output_tokens"
        case cacheRead = "cache_read_tokens"
        case cacheWrite = "cache_creation_tokens"
        case cost = "cost_usd"
        case cacheHit = "cache_hit"
        var index: Int { Field.allCases.firstIndex(of: self)! }
    }

    private static let schema = FieldSchema(Field.allCases.map(\.rawValue))

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, context: inout Void) throws(RejectReason) -> LogLineEffect?
    {
        let fields = try LineFields(line, schema: AppEventDecoder.schema)
        let timestamp = try fields.timestamp(Field.timestamp.index)
        let provider = try fields.requiredString(Field.provider.index)
        let model = try fields.requiredString(Field.model.index)
        guard !provider.isEmpty, !model.isEmpty else { throw .missingField }
        let service = try fields.firstString(Field.appService.index, Field.service.index) ?? ""
        // A request id, when the application writes one, identifies the call; else the line does.
        var key = AppEventDecoder.lineKey(line)
        if let id = try fields.string(Field.requestID.index), !id.isEmpty {
            var hash = StableHash()
            hash.combine(AppEventDecoder.sourceName)
            hash.combineSeparator()
            hash.combine(id)
            key = hash.finalized
        }
        let cacheHit = try fields.bool(Field.cacheHit.index)
        let lookup = CacheLookupKey(
            source: AppEventDecoder.sourceName, provider: provider, appService: service, hit: cacheHit == true)
        if cacheHit == true { return .cacheHit(lookup, key: key) }
        let input = try fields.count(Field.input.index)
        let output = try fields.count(Field.output.index)
        guard input != nil || output != nil else { throw .missingField }
        let cost = try fields.number(Field.cost.index)
        if let cost, cost < 0 { throw .badValue }
        let tokens = TokenCounts(
            input: input ?? 0, output: output ?? 0, cacheWrite5m: try fields.count(Field.cacheWrite.index) ?? 0,
            cacheWrite1h: 0, cacheRead: try fields.count(Field.cacheRead.index) ?? 0)
        let series = SeriesKey(
            source: AppEventDecoder.sourceName, provider: provider, model: model,
            project: try fields.string(Field.project.index) ?? "", tenant: try fields.string(Field.tenant.index) ?? "",
            appService: service, operation: try fields.string(Field.operation.index) ?? "")
        let record = UsageRecord(
            series: 0, tokens: tokens, reportedCostUSD: cost, timestampMillis: timestamp, dedupKey: key)
        return .usage(
            LogUsage(
                key: series, record: record, session: try fields.string(Field.session.index),
                cacheMiss: cacheHit == false ? lookup : nil))
    }
}
