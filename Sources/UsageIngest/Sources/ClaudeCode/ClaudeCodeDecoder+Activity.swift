import ByteJSON
import UsageModel
import UsageSystem

/// Activity: the walk's extra fields (`message.content`'s blocks, `toolUseResult`) and the
/// ``LineActivity`` made of them. A value of an unexpected type is skipped, never a reason
/// to reject the line: usage is what a line is rejected for.
extension ClaudeCodeDecoder {
    // MARK: - Walking

    /// A string, nil for anything else (skipped). A long one is not searched for escapes
    /// (``JSONScanner/scanStringLazily()``): names and ids are short, and text is only looked at.
    @inline(__always)
    static func activityString(_ scanner: inout JSONScanner) throws(JSONScanError) -> JSONStringSlice? {
        if let slice = scanner.scanShortString() { return slice }
        return try anyActivityString(&scanner)
    }

    private static func anyActivityString(_ scanner: inout JSONScanner) throws(JSONScanError) -> JSONStringSlice? {
        guard scanner.peek() == UInt8(ascii: "\"") else {
            try scanner.skipUnread()
            return nil
        }
        return try scanner.scanStringLazily()
    }

    static func activityBool(_ scanner: inout JSONScanner) throws(JSONScanError) -> Bool {
        if let value = try scanner.scanBool() { return value }
        try scanner.skipUnread()
        return false
    }

    /// Calls `body` at each object of the array that comes next; other elements are skipped.
    private static func forEachObject(
        _ scanner: inout JSONScanner, _ body: (inout JSONScanner) throws(JSONScanError) -> Void
    ) throws(JSONScanError) {
        try scanner.expect(UInt8(ascii: "["))
        try scanner.forEachElement { (scanner: inout JSONScanner) throws(JSONScanError) in
            guard scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipUnread() }
            try body(&scanner)
        }
    }

    /// `message.content`: a string, or an array of blocks.
    static func parseContent(_ scanner: inout JSONScanner, into fields: inout ActivityFields) throws(JSONScanError) {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            fields.contentString = try scanner.scanStringLazily()
        case UInt8(ascii: "["):
            try forEachObject(&scanner) { (scanner: inout JSONScanner) throws(JSONScanError) in
                let block = try parseBlock(&scanner)
                guard let type = block.type else { return }
                if scanner.matches(type, "tool_use") || scanner.matches(type, "tool_result") {
                    fields.blocks.append(block)
                } else if fields.firstText == nil, scanner.matches(type, "text") {
                    fields.firstText = block.text
                }
            }
        default:
            try scanner.skipUnreadInline()
        }
    }

    private static func parseBlock(_ scanner: inout JSONScanner) throws(JSONScanError) -> ActivityFields.Block {
        var block = ActivityFields.Block()
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            switch scanner.decodedCount(key) {
            case 2 where scanner.matches(key, "id"): block.id = try activityString(&scanner)
            case 4 where scanner.matches(key, "type"): block.type = try activityString(&scanner)
            case 4 where scanner.matches(key, "name"): block.name = try activityString(&scanner)
            case 4 where scanner.matches(key, "text"): block.text = try activityString(&scanner)
            case 5 where scanner.matches(key, "input"): try parseInput(&scanner, into: &block)
            case 7 where scanner.matches(key, "content"): block.text = try firstText(&scanner)
            case 8 where scanner.matches(key, "is_error"): block.isError = try activityBool(&scanner)
            case 11 where scanner.matches(key, "tool_use_id"): block.toolUseID = try activityString(&scanner)
            default: try scanner.skipUnreadInline()
            }
        }
        return block
    }

    /// A tool use's input: only the names a Skill or Task call gives.
    private static func parseInput(
        _ scanner: inout JSONScanner, into block: inout ActivityFields.Block
    )
        throws(JSONScanError)
    {
        guard scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipUnread() }
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if scanner.decodedCount(key) == 5, scanner.matches(key, "skill") {
                block.skill = try activityString(&scanner)
            } else if scanner.decodedCount(key) == 13, scanner.matches(key, "subagent_type") {
                block.subagentType = try activityString(&scanner)
            } else {
                try scanner.skipUnread()
            }
        }
    }

    /// A tool result's content: a string, or the text of its first text block.
    private static func firstText(_ scanner: inout JSONScanner) throws(JSONScanError) -> JSONStringSlice? {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            return try scanner.scanStringLazily()
        case UInt8(ascii: "["):
            var text: JSONStringSlice?
            try forEachObject(&scanner) { (scanner: inout JSONScanner) throws(JSONScanError) in
                guard text == nil else { return try scanner.skipUnread() }
                text = try parseBlock(&scanner).text
            }
            return text
        default:
            try scanner.skipUnreadInline()
            return nil
        }
    }

    /// `toolUseResult`: an edit's patch, a created file's content, a notebook cell, a Task's run.
    static func parseToolUseResult(
        _ scanner: inout JSONScanner, into fields: inout ActivityFields
    )
        throws(JSONScanError)
    {
        guard scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipUnread() }
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            switch scanner.decodedCount(key) {
            case 4 where scanner.matches(key, "type"): fields.resultType = try activityString(&scanner)
            case 7 where scanner.matches(key, "content"): fields.resultContent = try activityString(&scanner)
            case 7 where scanner.matches(key, "agentId"): fields.resultAgentID = try activityString(&scanner)
            case 9 where scanner.matches(key, "edit_mode"): fields.resultEditMode = try activityString(&scanner)
            case 10 where scanner.matches(key, "new_source"): fields.resultNewSource = try activityString(&scanner)
            case 15 where scanner.matches(key, "structuredPatch"): try parsePatch(&scanner, into: &fields)
            default: try scanner.skipUnreadInline()
            }
        }
    }

    /// `structuredPatch`: hunks whose `lines` start with `+` (added), `-` (removed) or a space.
    private static func parsePatch(
        _ scanner: inout JSONScanner, into fields: inout ActivityFields
    )
        throws(JSONScanError)
    {
        guard scanner.peek() == UInt8(ascii: "[") else { return try scanner.skipUnread() }
        try forEachObject(&scanner) { (scanner: inout JSONScanner) throws(JSONScanError) in
            fields.hasHunks = true
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                guard scanner.decodedCount(key) == 5, scanner.matches(key, "lines"), scanner.peek() == UInt8(ascii: "[")
                else {
                    try scanner.skipUnread()
                    continue
                }
                try scanner.expect(UInt8(ascii: "["))
                try scanner.forEachElement { (scanner: inout JSONScanner) throws(JSONScanError) in
                    guard let line = try activityString(&scanner), line.count > 0 else { return }
                    switch scanner.base[line.start] {
                    case UInt8(ascii: "+"): fields.patchAdded += 1
                    case UInt8(ascii: "-"): fields.patchRemoved += 1
                    default: break
                    }
                }
            }
        }
    }

    // MARK: - The line's activity

    /// The activity of a walked line; nil when it has none.
    mutating func activity(_ found: ActivityFields, isSidechain: Bool, _ scanner: JSONScanner) -> LineActivity? {
        var activity = LineActivity()
        let (usesBefore, resultsBefore) = (toolUses.count, toolResults.count)
        for block in found.blocks {
            guard let type = block.type else { continue }
            if scanner.matches(type, "tool_use"), let id = block.id, let nameSlice = block.name,
                let key = Self.hash(id, scanner), let name = scanner.decodeString(nameSlice), !name.isEmpty
            {
                toolUses.append(
                    LineActivity.ToolUse(
                        id: key, name: name, skill: block.skill.flatMap { scanner.decodeString($0) },
                        subagentType: block.subagentType.flatMap { scanner.decodeString($0) }))
            } else if scanner.matches(type, "tool_result"), let id = block.toolUseID, let key = Self.hash(id, scanner) {
                var outcome = ToolOutcome.ok
                if block.isError {
                    outcome = block.text.map { Self.isRejection($0, scanner) } == true ? .rejected : .error
                }
                toolResults.append(LineActivity.ToolResult(id: key, outcome: outcome))
            }
        }
        activity.toolUses = usesBefore..<toolUses.count
        activity.toolResults = resultsBefore..<toolResults.count
        if !activity.toolResults.isEmpty {
            if found.hasHunks {
                activity.linesAdded = found.patchAdded
                activity.linesRemoved = found.patchRemoved
            } else if let type = found.resultType, scanner.matches(type, "create"), let content = found.resultContent {
                activity.linesAdded = Self.lineCount(content, scanner)
            } else if let source = found.resultNewSource,
                found.resultEditMode.map({ scanner.matches($0, "delete") }) != true
            {
                // A notebook cell written whole: its lines (the cell it replaced is not in the result).
                activity.linesAdded = Self.lineCount(source, scanner)
            }
            activity.startedRun = found.resultAgentID.flatMap { Self.hash($0, scanner) }
        }
        let text = found.contentString ?? found.firstText
        if found.isAPIError {
            activity.apiError = text.map { Self.errorKind($0, scanner) } ?? .other
        } else if let type = found.lineType, scanner.matches(type, "user"), !found.isMeta, !found.isCompactSummary,
            !isSidechain, activity.toolResults.isEmpty, let text, !Self.isNotAPrompt(text, scanner)
        {
            activity.isPrompt = true
        }
        // A line with nothing to count leaves the tables as they were.
        guard !activity.isEmpty else { return nil }
        // Only prompts and errors are counted by their line.
        if activity.isPrompt || activity.apiError != nil, let uuid = found.uuid {
            activity.key = Self.hash(uuid, scanner) ?? 0
        }
        return activity
    }

    /// The hash of the line's `agentId` (the subagent run it is part of).
    func run(_ found: ActivityFields, _ scanner: JSONScanner) -> UInt64? {
        found.agentID.flatMap { Self.hash($0, scanner) }
    }

    /// An id's hash (``hashString(_:_:_:)`` alone); nil for invalid UTF-8.
    private static func hash(_ slice: JSONStringSlice, _ scanner: JSONScanner) -> UInt64? {
        var hash = StableHash()
        return hashString(slice, scanner, &hash) ? hash.finalized : nil
    }

    private static func starts(_ slice: JSONStringSlice, _ scanner: JSONScanner, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return slice.count >= count
            && Memory.equal(scanner.base + slice.start, prefix.utf8Start, count: count)
    }

    /// A refused permission prompt or an interrupt, as Claude Code words the result.
    private static func isRejection(_ text: JSONStringSlice, _ scanner: JSONScanner) -> Bool {
        starts(text, scanner, with: "The user doesn't want to proceed")
            || starts(text, scanner, with: "[Request interrupted by user")
    }

    /// User lines Claude Code writes itself: interrupts and a local command's output.
    private static func isNotAPrompt(_ text: JSONStringSlice, _ scanner: JSONScanner) -> Bool {
        starts(text, scanner, with: "[Request interrupted by user")
            || starts(text, scanner, with: "<local-command-stdout>")
    }

    /// Lines of a created file: its newlines, plus one for a last line without one.
    private static func lineCount(_ slice: JSONStringSlice, _ scanner: JSONScanner) -> UInt64 {
        guard slice.count > 0 else { return 0 }
        guard slice.hasEscapes else { return 1 }
        var lines: UInt64 = 0
        var endsWithNewline = false
        var at = slice.start
        while at < slice.end {
            guard scanner.base[at] == UInt8(ascii: "\\"), at + 1 < slice.end else {
                endsWithNewline = false
                at += 1
                continue
            }
            switch scanner.base[at + 1] {
            case UInt8(ascii: "n"):
                lines += 1
                endsWithNewline = true
                at += 2
            case UInt8(ascii: "u"):
                let isNewline =
                    at + 5 < slice.end && scanner.base[at + 2] == UInt8(ascii: "0")
                    && scanner.base[at + 3] == UInt8(ascii: "0") && scanner.base[at + 4] == UInt8(ascii: "0")
                    && (scanner.base[at + 5] | 0x20) == UInt8(ascii: "a")
                if isNewline { lines += 1 }
                endsWithNewline = isNewline
                at += 6
            default:
                endsWithNewline = false
                at += 2
            }
        }
        return endsWithNewline ? lines : lines + 1
    }

    /// An API error's kind from its text (ASCII, any case), searched in its first 64 KiB: a
    /// hostile line of megabytes costs no more than that.
    private static func errorKind(_ slice: JSONStringSlice, _ scanner: JSONScanner) -> APIErrorKind {
        let text = UnsafeBufferPointer(start: scanner.base + slice.start, count: min(slice.count, 64 << 10))
        func has(_ needle: StaticString) -> Bool {
            let count = needle.utf8CodeUnitCount
            guard text.count >= count else { return false }
            let bytes = needle.utf8Start
            for start in 0...(text.count - count) {
                var at = 0
                while at < count, (text[start + at] | 0x20) == (bytes[at] | 0x20) { at += 1 }
                if at == count { return true }
            }
            return false
        }
        if has("rate limit") || has("rate_limit") || has("usage limit") || has(" 429") { return .rateLimit }
        if has("overloaded") || has(" 529") { return .overloaded }
        if has("too long") { return .promptTooLong }
        return .other
    }
}
