import ByteJSON
package import UsageModel
import UsageSystem

/// Turns one Claude Code transcript line into a ``ClaudeCodeLine``, working on its bytes.
///
/// Lines are walked once, in any key order and spacing, capturing only the fields needed and
/// skipping the (often large) content. Strings are created only for a file's distinct models,
/// working directories, sessions and branches, kept in per-file tables. Counting usage alone,
/// lines without the bytes `"usage"` (and without a letter written as an escape, which could
/// spell it) are dismissed by a vector search without being walked.
package struct ClaudeCodeDecoder: LineDecoder {
    /// The distinct models and working directories of the current file, which lines refer to by index.
    package private(set) var models = StringTable()
    package private(set) var cwds = StringTable()
    /// The distinct sessions and branches of the current file, which lines refer to by index.
    package private(set) var contexts: [LineContext] = []
    /// The activity of the current file's lines, which lines refer to by index: a line stays a
    /// small value, copied cheaply, when most have none.
    package private(set) var activities: [LineActivity] = []
    /// The tool uses and results of the current file's lines, which activities refer to by range.
    package internal(set) var toolUses: [LineActivity.ToolUse] = []
    package internal(set) var toolResults: [LineActivity.ToolResult] = []
    /// The content blocks of the line being walked, kept between lines so none allocates.
    private var blocks: [ActivityFields.Block] = []
    private var lastSessionBytes: [UInt8] = []
    private var lastBranchBytes: [UInt8] = []
    private var lastContext = ClaudeCodeLine.noContext
    /// The minute of the last time read (a file's lines mostly share it).
    private var minute = ISO8601Timestamp.Minute()

    /// `check`: lines without usage are validated too, and malformed ones rejected (the
    /// exporter dismisses them).
    package var checksEveryLine = false
    /// Activity is read too (``LineActivity``): every line is walked, content blocks included.
    /// Off, only lines with the bytes `"usage"` are, as before activity was counted.
    package var countsActivity = true

    package init(checksEveryLine: Bool = false, countsActivity: Bool = true) {
        self.checksEveryLine = checksEveryLine
        self.countsActivity = countsActivity
    }

    /// Starts a file: its lines get new tables of models and contexts.
    package mutating func beginFile() {
        models.reset()
        cwds.reset()
        contexts = []
        activities = []
        toolUses = []
        toolResults = []
        lastSessionBytes = []
        lastBranchBytes = []
        lastContext = ClaudeCodeLine.noContext
    }

    /// Field slices and values gathered while walking one object level.
    struct Fields {
        var messageID: JSONStringSlice?
        var requestID: JSONStringSlice?
        var model: JSONStringSlice?
        var timestamp: JSONStringSlice?
        var cwd: JSONStringSlice?
        var sessionID: JSONStringSlice?
        var gitBranch: JSONStringSlice?
        var hasUsage = false
        var input: UInt64 = 0
        var output: UInt64 = 0
        var cacheCreation: UInt64 = 0
        var cacheWrite5m: UInt64 = 0
        var cacheWrite1h: UInt64 = 0
        var cacheRead: UInt64 = 0
        var isFast = false
        var isSidechain = false
        var costUSD: Double?
        var badValue = false
        var badUTF8 = false
    }

    /// Token counts above this are refused as `bad_value`: no request is that large, and the
    /// dedup table stores each count in 32 bits.
    static let maxTokens = UInt64(UInt32.max)

    /// The request a line records, nil for a line without usage; throws why a line is rejected.
    package mutating func decode(
        _ line: UnsafeBufferPointer<UInt8>, context: inout Void
    ) throws(RejectReason) -> ClaudeCodeLine? {
        // Counting activity, every line is walked: most are user or assistant lines, which are
        // walked anyway, and the search for `"usage"` would cost a pass over each of them.
        guard countsActivity || ClaudeCodeDecoder.mayHaveUsage(line) else {
            if checksEveryLine { try ClaudeCodeDecoder.check(line) }
            return nil
        }
        var scanner = JSONScanner(line)
        var top = Fields()
        var nested = Fields()
        var found = ActivityFields()
        swap(&found.blocks, &blocks)
        defer {
            found.blocks.removeAll(keepingCapacity: true)
            swap(&found.blocks, &blocks)
        }
        do throws(JSONScanError) {
            try parseObject(&scanner, into: &top, nested: &nested, activity: &found, depth: 0)
            try scanner.finish()
        } catch {
            // A line without usage is not rejected for its activity: it is dismissed, as before
            // (and `check` judges it as it judges every line without usage).
            guard !countsActivity || ClaudeCodeDecoder.mayHaveUsage(line) else {
                if checksEveryLine { try ClaudeCodeDecoder.check(line) }
                return nil
            }
            if case .invalidUTF8 = error { throw .invalidUTF8 }
            throw .malformedJSON
        }
        guard top.hasUsage else {
            // A progress line can wrap a whole assistant message under `data.message`.
            guard nested.hasUsage else { return activityLine(top, found, scanner) }
            nested.timestamp = nested.timestamp ?? top.timestamp
            nested.cwd = nested.cwd ?? top.cwd
            nested.sessionID = nested.sessionID ?? top.sessionID
            nested.gitBranch = nested.gitBranch ?? top.gitBranch
            nested.isSidechain = nested.isSidechain || top.isSidechain
            return try usageLine(nested, isSidechain: top.isSidechain, found, scanner)
        }
        return try usageLine(top, isSidechain: top.isSidechain, found, scanner)
    }

    /// A line with usage; its activity is the top level's (`isSidechain` is the top level's).
    @inline(__always)
    private mutating func usageLine(
        _ fields: Fields, isSidechain: Bool, _ found: ActivityFields, _ scanner: JSONScanner
    ) throws(RejectReason) -> ClaudeCodeLine? {
        var line = try finish(fields, found, scanner)
        if countsActivity, line != nil {
            // Activity is the top level's: a progress line's nested copy is the subagent's own.
            line?.activity = note(activity(found, isSidechain: isSidechain, scanner))
            line?.run = run(found, scanner)
        }
        return line
    }

    /// A line without usage that has activity (a prompt, tool results), with its session.
    private mutating func activityLine(
        _ fields: Fields, _ found: ActivityFields, _ scanner: JSONScanner
    )
        -> ClaudeCodeLine?
    {
        guard countsActivity, let activity = activity(found, isSidechain: fields.isSidechain, scanner) else {
            return nil
        }
        let context = context(fields, scanner) ?? ClaudeCodeLine.noContext
        var line = ClaudeCodeLine(
            dedupKey: 0, tokens: .zero, timestampMillis: 0, isSidechain: fields.isSidechain,
            context: context)
        line.countsUsage = false
        line.activity = note(activity)
        line.run = run(found, scanner)
        return line
    }

    /// The index of a line's activity in ``activities``.
    private mutating func note(_ activity: LineActivity?) -> UInt32 {
        guard let activity else { return ClaudeCodeLine.noActivity }
        activities.append(activity)
        return UInt32(activities.count - 1)
    }

    private mutating func finish(
        _ fields: Fields, _ found: ActivityFields, _ scanner: JSONScanner
    )
        throws(RejectReason) -> ClaudeCodeLine?
    {
        guard let modelSlice = fields.model else { throw .missingField }
        if scanner.matches(modelSlice, "<synthetic>") {
            var notice = limitNotice(fields, scanner)
            if countsActivity, found.isAPIError {
                if notice == nil {
                    notice = activityLine(fields, found, scanner)
                } else {
                    notice?.activity = note(activity(found, isSidechain: fields.isSidechain, scanner))
                }
            }
            notice?.countsUsage = false
            return notice
        }
        if fields.badUTF8 { throw .invalidUTF8 }
        if fields.badValue { throw .badValue }
        guard let messageID = fields.messageID, messageID.count > 0, let timestampSlice = fields.timestamp else {
            throw .missingField
        }
        guard let modelIndex = models.index(of: modelSlice, scanner) else { throw .invalidUTF8 }
        guard let timestamp = timestampMillisInMinute(timestampSlice, scanner) else { throw .badTimestamp }
        guard let context = context(fields, scanner) else { throw .invalidUTF8 }
        var hash = StableHash()
        guard ClaudeCodeDecoder.hashString(messageID, scanner, &hash) else { throw .badValue }
        hash.combineSeparator()
        if let requestID = fields.requestID {
            guard ClaudeCodeDecoder.hashString(requestID, scanner, &hash) else { throw .badValue }
        }
        // Last of the checks: the table holds only the working directories of lines returned.
        var cwd = StringTable.none
        if let cwdSlice = fields.cwd {
            guard let index = cwds.index(of: cwdSlice, scanner) else { throw .invalidUTF8 }
            cwd = index
        }
        // The 5m/1h split, when present, says how the cache writes are priced; their total is
        // never less than `cache_creation_input_tokens`.
        let cacheTotal = max(fields.cacheCreation, fields.cacheWrite5m + fields.cacheWrite1h)
        let tokens = TokenCounts(
            input: fields.input, output: fields.output, cacheWrite5m: cacheTotal - fields.cacheWrite1h,
            cacheWrite1h: fields.cacheWrite1h, cacheRead: fields.cacheRead)
        return ClaudeCodeLine(
            dedupKey: hash.finalized, modelIndex: modelIndex, tokens: tokens,
            costUSD: fields.costUSD, timestampMillis: timestamp, isSidechain: fields.isSidechain,
            isFast: fields.isFast, cwd: cwd, context: context)
    }

    /// The index of the line's session and branch; the raw bytes of the previous line's are
    /// compared first, so a file's lines decode these strings once. Nil for invalid UTF-8.
    private mutating func context(_ fields: Fields, _ scanner: JSONScanner) -> UInt32? {
        guard fields.sessionID != nil || fields.gitBranch != nil else { return ClaudeCodeLine.noContext }
        func same(_ slice: JSONStringSlice?, _ last: [UInt8]) -> Bool {
            guard let slice else { return last.isEmpty }
            return slice.count + 1 == last.count && Memory.equal(scanner.base + slice.start, last, count: slice.count)
        }
        if lastContext != ClaudeCodeLine.noContext, same(fields.sessionID, lastSessionBytes),
            same(fields.gitBranch, lastBranchBytes)
        {
            return lastContext
        }
        var decoded = LineContext(sessionID: nil, gitBranch: nil)
        if let slice = fields.sessionID {
            guard let text = scanner.decodeString(slice) else { return nil }
            decoded.sessionID = text
        }
        if let slice = fields.gitBranch {
            guard let text = scanner.decodeString(slice) else { return nil }
            decoded.gitBranch = text
        }
        let index = contexts.firstIndex(of: decoded) ?? contexts.count
        if index == contexts.count { contexts.append(decoded) }
        // The raw bytes plus one marker byte, so an absent field differs from an empty one.
        func raw(_ slice: JSONStringSlice?) -> [UInt8] {
            guard let slice else { return [] }
            return Array(UnsafeBufferPointer(start: scanner.base + slice.start, count: slice.count)) + [0]
        }
        lastSessionBytes = raw(fields.sessionID)
        lastBranchBytes = raw(fields.gitBranch)
        lastContext = UInt32(index)
        return lastContext
    }

    /// A `<synthetic>` line is no request; a usage-limit notice among them (`Claude AI usage
    /// limit reached|<unix seconds>`) tells when the window resets.
    private func limitNotice(_ fields: Fields, _ scanner: JSONScanner) -> ClaudeCodeLine? {
        let marker = ClaudeCodeDecoder.limitMarker
        let count = scanner.count
        var at = 0
        while at + marker.count < count,
            let found = Memory.find(marker[0], in: scanner.base + at, count: count - marker.count - at)
        {
            let start = at + found
            if Memory.equal(scanner.base + start, marker, count: marker.count) {
                var cursor = start + marker.count
                var seconds: Int64 = 0
                while cursor < count, scanner.base[cursor] &- UInt8(ascii: "0") < 10, seconds < Int64.max / 10 - 10 {
                    seconds = seconds * 10 + Int64(scanner.base[cursor] &- UInt8(ascii: "0"))
                    cursor += 1
                }
                guard cursor > start + marker.count else { return nil }
                let timestamp = fields.timestamp.flatMap { timestampMillis($0, scanner) } ?? 0
                return ClaudeCodeLine(
                    dedupKey: 0, tokens: .zero, timestampMillis: timestamp,
                    limitResetSeconds: seconds)
            }
            at = start + 1
        }
        return nil
    }

    private static let limitMarker = Array("usage limit reached|".utf8)

    /// A line without usage as `check` sees it: malformed JSON is rejected; invalid UTF-8 in
    /// it is tolerated, as in a usage line's message text.
    static func check(_ line: UnsafeBufferPointer<UInt8>) throws(RejectReason) {
        switch JSONScanner.validate(line) {
        case .malformed, .tooDeep: throw .malformedJSON
        case .invalidUTF8, nil: return
        }
    }

    /// True when the line may hold a `usage` key: the bytes `"usage"`, or an escape that could
    /// spell one of its letters (``LetterEscapes``). It looks from the end backwards, since a
    /// message's usage follows its (long) content, sixteen bytes a step: vector compares find
    /// each `ge"` and each `\u`, and only those positions are checked for the rest.
    static func mayHaveUsage(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress, line.count >= 5 else { return false }
        let count = line.count
        // An escape's `\` may come before the first `g` a key can have (a line's first key).
        for position in 0..<min(4, count) where LetterEscapes.isEscape(base, at: position, count: count) {
            return true
        }
        guard count >= 7 else { return false }
        let raw = UnsafeRawPointer(base)
        let g = SIMD16<UInt8>(repeating: UInt8(ascii: "g"))
        let e = SIMD16<UInt8>(repeating: UInt8(ascii: "e"))
        let quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let backslash = SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
        let u = SIMD16<UInt8>(repeating: UInt8(ascii: "u"))
        // The `g` of `"usage"` is at 4 ..< count - 2; each step tests the sixteen positions below `end`.
        var end = count &- 2
        while end &- 16 >= 4 {
            let start = end &- 16
            let here = raw.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self)
            let next = raw.loadUnaligned(fromByteOffset: start &+ 1, as: SIMD16<UInt8>.self)
            let keys =
                here .== g .& next .== e
                .& raw.loadUnaligned(fromByteOffset: start &+ 2, as: SIMD16<UInt8>.self) .== quote
            let hits = keys .| (here .== backslash .& next .== u)
            let found = MatchedLanes.any(hits) {
                isUsage(base, at: start &+ $0) || LetterEscapes.isEscape(base, at: start &+ $0, count: count)
            }
            if found { return true }
            end = start
        }
        for position in 4..<end
        where isUsage(base, at: position) || LetterEscapes.isEscape(base, at: position, count: count) {
            return true
        }
        return false
    }

    /// True when `"usage"` occupies `g - 4 ... g + 2`; the caller keeps that range in bounds.
    @inline(__always)
    private static func isUsage(_ base: UnsafePointer<UInt8>, at g: Int) -> Bool {
        base[g] == UInt8(ascii: "g") && base[g + 1] == UInt8(ascii: "e") && base[g + 2] == UInt8(ascii: "\"")
            && base[g - 4] == UInt8(ascii: "\"") && base[g - 3] == UInt8(ascii: "u")
            && base[g - 2] == UInt8(ascii: "s") && base[g - 1] == UInt8(ascii: "a")
    }

    // MARK: - Walking

    /// One object level. The keys of a transcript line, of its `message` and of a progress
    /// line's `data.message` do not collide, so one walker serves all three.
    private func parseObject(
        _ scanner: inout JSONScanner, into fields: inout Fields, nested: inout Fields,
        activity: inout ActivityFields, depth: Int
    )
        throws(JSONScanError)
    {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            switch scanner.decodedCount(key) {
            case 2 where scanner.matches(key, "id"):
                fields.messageID = try optionalString(&scanner, &fields)
            case 3 where scanner.matches(key, "cwd"):
                fields.cwd = try optionalString(&scanner, &fields)
            case 4 where countsActivity && depth == 0 && scanner.matches(key, "type"):
                activity.lineType = try ClaudeCodeDecoder.activityString(&scanner)
            case 4 where countsActivity && depth == 0 && scanner.matches(key, "uuid"):
                activity.uuid = try ClaudeCodeDecoder.activityString(&scanner)
            case 4 where scanner.matches(key, "data"):
                if scanner.peek() == UInt8(ascii: "{"), depth < 2 {
                    try parseData(&scanner, into: &nested, depth: depth + 1)
                } else {
                    try scanner.skipUnread()
                }
            case 5 where scanner.matches(key, "model"):
                fields.model = try optionalString(&scanner, &fields)
            case 5 where scanner.matches(key, "usage"):
                if scanner.peek() == UInt8(ascii: "{") {
                    fields.hasUsage = true
                    try parseUsage(&scanner, into: &fields, depth: depth + 1)
                } else {
                    try scanner.skipUnread()
                }
            case 6 where countsActivity && depth == 0 && scanner.matches(key, "isMeta"):
                activity.isMeta = try ClaudeCodeDecoder.activityBool(&scanner)
            case 7 where countsActivity && depth == 0 && scanner.matches(key, "agentId"):
                activity.agentID = try ClaudeCodeDecoder.activityString(&scanner)
            case 7 where countsActivity && depth > 0 && scanner.matches(key, "content"):
                try ClaudeCodeDecoder.parseContent(&scanner, into: &activity)
            case 13 where countsActivity && depth == 0 && scanner.matches(key, "toolUseResult"):
                try ClaudeCodeDecoder.parseToolUseResult(&scanner, into: &activity)
            case 16 where countsActivity && depth == 0 && scanner.matches(key, "isCompactSummary"):
                activity.isCompactSummary = try ClaudeCodeDecoder.activityBool(&scanner)
            case 17 where countsActivity && depth == 0 && scanner.matches(key, "isApiErrorMessage"):
                activity.isAPIError = try ClaudeCodeDecoder.activityBool(&scanner)
            case 7 where scanner.matches(key, "message"):
                if scanner.peek() == UInt8(ascii: "{"), depth < 4 {
                    var unused = Fields()
                    try parseObject(&scanner, into: &fields, nested: &unused, activity: &activity, depth: depth + 1)
                } else {
                    try scanner.skipUnread()
                }
            case 7 where scanner.matches(key, "costUSD"):
                if try !scanner.consumeNull() {
                    if scanner.peek().map(isNumberStart) == true, let cost = try scanner.scanDouble(), cost >= 0 {
                        fields.costUSD = cost
                    } else {
                        fields.badValue = true
                        if scanner.peek().map(isNumberStart) != true { try scanner.skipUnread() }
                    }
                }
            case 9:
                // Four keys of nine bytes: their first bytes differ, so one compare picks the candidate.
                switch scanner.decodedByte(key, at: 0) {
                case UInt8(ascii: "r") where scanner.matches(key, "requestId"):
                    fields.requestID = try optionalString(&scanner, &fields)
                case UInt8(ascii: "t") where scanner.matches(key, "timestamp"):
                    fields.timestamp = try optionalString(&scanner, &fields)
                case UInt8(ascii: "s") where scanner.matches(key, "sessionId"):
                    fields.sessionID = try optionalString(&scanner, &fields)
                case UInt8(ascii: "g") where scanner.matches(key, "gitBranch"):
                    fields.gitBranch = try optionalString(&scanner, &fields)
                default:
                    try scanner.skipUnreadInline()
                }
            case 11 where scanner.matches(key, "isSidechain"):
                if let value = try scanner.scanBool() {
                    fields.isSidechain = value
                } else {
                    try scanner.skipUnread()
                }
            default:
                try scanner.skipUnreadInline()
            }
        }
    }

    private func parseData(_ scanner: inout JSONScanner, into fields: inout Fields, depth: Int) throws(JSONScanError) {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.matches(key, "message"), scanner.peek() == UInt8(ascii: "{") {
                // A progress line's nested message: its activity is the subagent transcript's own.
                var unused = Fields()
                var ignored = ActivityFields()
                try parseObject(&scanner, into: &fields, nested: &unused, activity: &ignored, depth: depth + 1)
            } else {
                try scanner.skipUnread()
            }
        }
    }

    private func parseUsage(_ scanner: inout JSONScanner, into fields: inout Fields, depth: Int) throws(JSONScanError) {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            switch scanner.decodedCount(key) {
            case 5 where scanner.matches(key, "speed"):
                if let slice = try optionalString(&scanner, &fields) {
                    fields.isFast = scanner.matches(slice, "fast")
                }
            case 12 where scanner.matches(key, "input_tokens"):
                fields.input = try tokenCount(&scanner, &fields)
            case 13 where scanner.matches(key, "output_tokens"):
                fields.output = try tokenCount(&scanner, &fields)
            case 14 where scanner.matches(key, "cache_creation"):
                if scanner.peek() == UInt8(ascii: "{") {
                    try parseCacheCreation(&scanner, into: &fields)
                } else {
                    try scanner.skipUnread()
                }
            case 23 where scanner.matches(key, "cache_read_input_tokens"):
                fields.cacheRead = try tokenCount(&scanner, &fields)
            case 27 where scanner.matches(key, "cache_creation_input_tokens"):
                fields.cacheCreation = try tokenCount(&scanner, &fields)
            default:
                try scanner.skipUnreadInline()
            }
        }
    }

    private func parseCacheCreation(_ scanner: inout JSONScanner, into fields: inout Fields) throws(JSONScanError) {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            // The two keys differ in their eleventh byte.
            let count = scanner.decodedCount(key)
            if count == 25, scanner.decodedByte(key, at: 10) == UInt8(ascii: "5"),
                scanner.matches(key, "ephemeral_5m_input_tokens")
            {
                fields.cacheWrite5m = try tokenCount(&scanner, &fields)
            } else if count == 25, scanner.matches(key, "ephemeral_1h_input_tokens") {
                fields.cacheWrite1h = try tokenCount(&scanner, &fields)
            } else {
                try scanner.skipUnreadInline()
            }
        }
    }

    // MARK: - Values

    /// A string value, nil for `null`; any other type marks the line `bad_value`. A short
    /// string without a backslash (most ids, names and times) is read without a call.
    @inline(__always)
    private func optionalString(
        _ scanner: inout JSONScanner, _ fields: inout Fields
    ) throws(JSONScanError)
        -> JSONStringSlice?
    {
        if let slice = scanner.scanShortString() { return slice }
        return try anyOptionalString(&scanner, &fields)
    }

    private func anyOptionalString(
        _ scanner: inout JSONScanner, _ fields: inout Fields
    ) throws(JSONScanError)
        -> JSONStringSlice?
    {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            return try scanner.scanString()
        case UInt8(ascii: "n"):
            _ = try scanner.consumeNull()
            return nil
        default:
            fields.badValue = true
            try scanner.skipUnread()
            return nil
        }
    }

    /// A token count: a non-negative integer, or `null` for zero. One right at the scanner
    /// (compact JSON) is read without a call.
    @inline(__always)
    private func tokenCount(_ scanner: inout JSONScanner, _ fields: inout Fields) throws(JSONScanError) -> UInt64 {
        let atDigit = scanner.index < scanner.count && scanner.base[scanner.index] &- UInt8(ascii: "0") < 10
        if !atDigit, let count = try countWithoutDigit(&scanner, &fields) { return count }
        guard let value = try scanner.scanUInt64(limit: ClaudeCodeDecoder.maxTokens) else {
            fields.badValue = true
            return 0
        }
        return value
    }

    /// ``tokenCount(_:_:)`` when no digit is next: 0 for `null`, 0 marking the line `bad_value`
    /// for anything but a number; nil when a number follows (after whitespace, or signed).
    private func countWithoutDigit(
        _ scanner: inout JSONScanner, _ fields: inout Fields
    ) throws(JSONScanError)
        -> UInt64?
    {
        if try scanner.consumeNull() { return 0 }
        guard let byte = scanner.peek(), isNumberStart(byte) else {
            fields.badValue = true
            try scanner.skipUnread()
            return 0
        }
        return nil
    }

    private func isNumberStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
    }

    private func timestampMillis(_ slice: JSONStringSlice, _ scanner: JSONScanner) -> Int64? {
        if slice.hasEscapes {
            return scanner.decodeBytes(slice).flatMap { bytes in
                bytes.withUnsafeBufferPointer { ISO8601Timestamp.parseMillis($0) }
            }
        }
        return ISO8601Timestamp.parseMillis(UnsafeBufferPointer(start: scanner.base + slice.start, count: slice.count))
    }

    /// ``timestampMillis(_:_:)`` through the file's last minute (``ISO8601Timestamp/Minute``).
    private mutating func timestampMillisInMinute(_ slice: JSONStringSlice, _ scanner: JSONScanner) -> Int64? {
        guard !slice.hasEscapes else { return timestampMillis(slice, scanner) }
        return ISO8601Timestamp.parseMillis(
            UnsafeBufferPointer(start: scanner.base + slice.start, count: slice.count), minute: &minute)
    }

    /// Hashes a string's decoded bytes, so an escaped and a plain spelling of an id agree.
    static func hashString(_ slice: JSONStringSlice, _ scanner: JSONScanner, _ hash: inout StableHash) -> Bool {
        if slice.hasEscapes {
            guard let bytes = scanner.decodeBytes(slice) else { return false }
            bytes.withUnsafeBufferPointer { hash.combine($0) }
        } else {
            hash.combine(UnsafeBufferPointer(start: scanner.base + slice.start, count: slice.count))
        }
        return true
    }
}
