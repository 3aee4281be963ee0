import ByteJSON
import UsageModel
import UsageSystem

/// Codex CLI session lines (`~/.codex/sessions/**/rollout-*.jsonl`).
///
/// `turn_context` (and `session_meta`) lines set the model and working directory; each
/// `token_count` event is one turn's usage: `last_token_usage`, else the difference of the
/// cumulative `total_token_usage` from the file's previous one. Cached input is counted as
/// `cache_read` and taken out of `input`; reasoning stays inside `output`.
///
/// A forked session starts by replaying its parent's lines, totals included. A turn's key is
/// the hash of its cumulative and per-turn usage, which a replay repeats exactly, so the
/// parent's turns count once however often they are replayed.
package struct CodexDecoder: LogLineDecoder {
    package static let sourceName = "codex"
    static let emptyContext = CodexContext()
    /// The model label of turns whose file has named no model yet.
    static let unknownModel = "unknown"

    private enum Field: Int, CaseIterable {
        case type, timestamp, payloadType, model, cwd, sessionID, branch
        case lastInput, lastCached, lastOutput, lastReasoning, lastTotal
        case totalInput, totalCached, totalOutput, totalReasoning, totalTotal

        var path: String {
            let usage = [
                "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens",
            ]
            switch self {
            case .type: return "type"
            case .timestamp: return "timestamp"
            case .payloadType: return "payload.type"
            case .model: return "payload.model"
            case .cwd: return "payload.cwd"
            case .sessionID: return "payload.id"
            case .branch: return "payload.git.branch"
            case .lastInput, .lastCached, .lastOutput, .lastReasoning, .lastTotal:
                return "payload.info.last_token_usage." + usage[rawValue - Field.lastInput.rawValue]
            case .totalInput, .totalCached, .totalOutput, .totalReasoning, .totalTotal:
                return "payload.info.total_token_usage." + usage[rawValue - Field.totalInput.rawValue]
            }
        }
    }

    private static let schema = FieldSchema(Field.allCases.map(\.path))
    var projectLabels: ProjectLabelMode
    /// `check`: the lines skipped unparsed are validated too.
    var checksEveryLine: Bool

    /// The `user` label of every series ("" for none).
    var user: String

    init(projectLabels: ProjectLabelMode, checksEveryLine: Bool = false, user: String = "") {
        self.user = user
        self.projectLabels = projectLabels
        self.checksEveryLine = checksEveryLine
    }

    mutating func decode(
        _ line: UnsafeBufferPointer<UInt8>, context: inout CodexContext
    ) throws(RejectReason) -> LogLineEffect? {
        // Most bytes are response items (messages, tool calls and outputs): skip them unparsed.
        guard CodexDecoder.mayMatter(line) else {
            if checksEveryLine, case .malformed = JSONScanner.validate(line) { throw .malformedJSON }
            return nil
        }
        let fields = try LineFields(line, schema: CodexDecoder.schema)
        if fields.equals(Field.type.rawValue, "turn_context") || fields.equals(Field.type.rawValue, "session_meta") {
            if let model = try fields.string(Field.model.rawValue), !model.isEmpty { context.model = model }
            if let cwd = try fields.string(Field.cwd.rawValue), !cwd.isEmpty { context.cwd = cwd }
            if fields.equals(Field.type.rawValue, "session_meta") {
                if let id = try fields.string(Field.sessionID.rawValue), !id.isEmpty { context.sessionID = id }
                if let branch = try fields.string(Field.branch.rawValue), !branch.isEmpty { context.branch = branch }
            }
            return nil
        }
        guard fields.equals(Field.type.rawValue, "event_msg"), fields.equals(Field.payloadType.rawValue, "token_count")
        else { return nil }
        let last = try usage(fields, from: .lastInput)
        let total = try usage(fields, from: .totalInput)
        // `info: null` is a rate-limit update with no usage.
        guard last != nil || total != nil else { return nil }
        let timestamp = try fields.timestamp(Field.timestamp.rawValue)
        let previous = context.lastTotal
        if let total { context.lastTotal = total }
        guard let turn = last ?? total.flatMap({ total in previous.flatMap { total.since($0) } ?? total }) else {
            return nil
        }
        // A count repeated without per-turn usage differs by nothing from the last total, and a
        // compaction moves only `total_tokens`: neither is a request.
        guard [turn.input, turn.cached, turn.output, turn.reasoning].contains(where: { $0 != 0 }) else {
            return nil
        }
        // A turn before any turn context is counted under `unknown` (unpriced), never dropped.
        let model = context.model ?? CodexDecoder.unknownModel
        guard turn.cached <= turn.input else { throw .badValue }

        var hash = StableHash()
        hash.combine(CodexDecoder.sourceName)
        for value in (total?.values ?? [UInt64(bitPattern: timestamp)]) + turn.values {
            withUnsafeBytes(of: value.littleEndian) { hash.combine($0.bindMemory(to: UInt8.self)) }
        }
        let tokens = TokenCounts(
            input: turn.input - turn.cached, output: turn.output, cacheWrite5m: 0, cacheWrite1h: 0,
            cacheRead: turn.cached)
        let project = context.cwd.map { ProjectLabeler.label(path: $0, mode: projectLabels) } ?? ""
        let key = SeriesKey(
            source: CodexDecoder.sourceName, provider: "openai", model: model, project: project, user: user)
        let record = UsageRecord(series: 0, tokens: tokens, timestampMillis: timestamp, dedupKey: hash.finalized)
        return .usage(
            LogUsage(key: key, record: record, session: context.sessionID, branch: context.branch ?? ""))
    }

    /// The usage object whose five fields start at `first`; nil when none of them is there.
    private func usage(_ fields: LineFields, from first: Field) throws(RejectReason) -> CodexUsage? {
        var values: [UInt64] = []
        var any = false
        for offset in 0..<5 {
            let value = try fields.count(first.rawValue + offset)
            any = any || value != nil
            values.append(value ?? 0)
        }
        return any ? CodexUsage(values: values) : nil
    }

    /// True when the line may be a turn context, session meta or token count: they all hold
    /// `"t` or `"s` followed by one of the words, found by `memchr` on the word's rare middle
    /// byte (or a word with a letter written as an escape, ``LetterEscapes``).
    private static func mayMatter(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return false }
        // The line's type comes right after its timestamp: a response item is known by its head.
        let head = min(line.count, 96)
        if head >= responseItem.count,
            (0...(head - responseItem.count)).contains(where: {
                Memory.equal(base + $0, responseItem, count: responseItem.count)
            })
        {
            return false
        }
        // `_` is in all three words and rare elsewhere in these logs.
        var from = 0
        while from < line.count, let hit = Memory.find(UInt8(ascii: "_"), in: base + from, count: line.count - from) {
            let at = from + hit
            for (word, underscore) in words where at >= underscore && at - underscore + word.count <= line.count {
                let start = at - underscore
                if Memory.equal(base + start, word, count: word.count) { return true }
            }
            from = at + 1
        }
        return LetterEscapes.mayHide(line)
    }

    private static let responseItem = Array("\"response_item\"".utf8)

    /// The words and the offset of their `_`.
    private static let words: [([UInt8], Int)] = ["token_count", "turn_context", "session_meta"].map {
        let bytes = Array($0.utf8)
        return (bytes, bytes.firstIndex(of: UInt8(ascii: "_"))!)
    }

    static func encode(_ context: CodexContext, into writer: inout StateWriter) {
        writer.write(context.model ?? "")
        writer.write(context.cwd ?? "")
        writer.write(context.sessionID ?? "")
        writer.write(context.branch ?? "")
        writer.write(context.lastTotal != nil)
        for value in context.lastTotal?.values ?? [] { writer.write(value) }
    }

    static func decodeContext(from reader: inout StateReader) throws(StateError) -> CodexContext {
        var context = CodexContext()
        let model = try reader.readString()
        let cwd = try reader.readString()
        let session = try reader.readString()
        let branch = try reader.readString()
        context.model = model.isEmpty ? nil : model
        context.cwd = cwd.isEmpty ? nil : cwd
        context.sessionID = session.isEmpty ? nil : session
        context.branch = branch.isEmpty ? nil : branch
        if try reader.readBool() {
            var values: [UInt64] = []
            for _ in 0..<5 { values.append(try reader.readUInt64()) }
            context.lastTotal = CodexUsage(values: values)
        }
        return context
    }
}
