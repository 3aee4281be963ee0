import Foundation
import Testing
import UsageModel

@testable import UsageIngest

/// What the decoder reads for the activity families: tool uses and results, edits, API errors,
/// prompts and subagent runs, from lines as Claude Code writes them.
@Suite struct ClaudeCodeActivityTests {
    /// A line's activity with its tool uses and results looked up in the decoder's tables.
    @dynamicMemberLookup
    private struct Found {
        var activity: LineActivity
        var toolUses: [LineActivity.ToolUse]
        var toolResults: [LineActivity.ToolResult]

        subscript<Value>(dynamicMember path: KeyPath<LineActivity, Value>) -> Value { activity[keyPath: path] }
    }

    private func activity(_ text: String, countsActivity: Bool = true) -> Found? {
        var decoder = ClaudeCodeDecoder(countsActivity: countsActivity)
        let bytes = Array(text.utf8)
        let line = try? bytes.withUnsafeBufferPointer { buffer throws(RejectReason) in try decoder.decode(buffer) }
        guard let index = line?.activity, index != ClaudeCodeLine.noActivity else { return nil }
        let activity = decoder.activities[Int(index)]
        return Found(
            activity: activity, toolUses: Array(decoder.toolUses[activity.toolUses]),
            toolResults: Array(decoder.toolResults[activity.toolResults]))
    }

    private func hash(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.finalized
    }

    private static func assistant(_ content: String, extra: String = "") -> String {
        #"{"type":"assistant","uuid":"a1","sessionId":"s"\#(extra),"message":{"id":"msg_1","model":"claude-sonnet-4-5","content":[\#(content)],"usage":{"input_tokens":1,"output_tokens":2}},"requestId":"r","timestamp":"2025-10-01T12:00:00Z"}"#
    }

    private static func user(_ content: String, extra: String = "") -> String {
        #"{"type":"user","uuid":"u1","sessionId":"s","isSidechain":false\#(extra),"message":{"role":"user","content":\#(content)},"timestamp":"2025-10-01T12:00:01Z"}"#
    }

    @Test func toolUsesAreReadWithTheNamesTheirInputGives() throws {
        let line = Self.assistant(
            #"{"type":"text","text":"x"},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}},"#
                + #"{"type":"tool_use","id":"toolu_2","name":"Skill","input":{"skill":"pdf","args":"x"}},"#
                + #"{"type":"tool_use","id":"toolu_3","name":"Task","input":{"prompt":"p","subagent_type":"Explore"}},"#
                + #"{"type":"tool_use","id":"toolu_4","name":"mcp__linear-server__create_issue","input":{}}"#)
        let found = try #require(activity(line))
        #expect(
            found.toolUses == [
                .init(id: hash("toolu_1"), name: "Bash"), .init(id: hash("toolu_2"), name: "Skill", skill: "pdf"),
                .init(id: hash("toolu_3"), name: "Task", subagentType: "Explore"),
                .init(id: hash("toolu_4"), name: "mcp__linear-server__create_issue"),
            ])
        #expect(!found.isPrompt && found.toolResults.isEmpty)
        #expect(
            ToolName(used: "mcp__linear-server__create_issue", skill: nil)
                == ToolName(tool: "mcp", mcpServer: "linear-server"))
        #expect(ToolName(used: "mcp__a_b__c__d", skill: nil).mcpServer == "a_b")
        #expect(ToolName(used: "Skill", skill: "pdf") == ToolName(tool: "Skill", skill: "pdf"))
        // Off, the usage is the same and nothing else is read.
        #expect(activity(line, countsActivity: false) == nil)
        // Keys with escapes are read by what they decode to.
        var escaped = line
        for (plain, spelled) in [
            (#""name""#, #""n\u0061me""#), (#""skill""#, #""\u0073kill""#),
            (#""subagent_type""#, #""subagent\u005ftype""#),
            (#""content""#, #""co\u006etent""#),
        ] {
            escaped = escaped.replacingOccurrences(of: plain, with: spelled)
        }
        #expect(escaped != line)
        #expect(try #require(activity(escaped)).toolUses == found.toolUses)
    }

    @Test(arguments: [
        (#"{"type":"tool_result","tool_use_id":"t","content":"done"}"#, ToolOutcome.ok),
        (
            #"{"type":"tool_result","tool_use_id":"t","content":"<tool_use_error>No such file</tool_use_error>","is_error":true}"#,
            .error
        ),
        (
            #"{"type":"tool_result","tool_use_id":"t","content":"The user doesn't want to proceed with this tool use. The tool use was rejected","is_error":true}"#,
            .rejected
        ),
        (
            #"{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"[Request interrupted by user for tool use]"}],"is_error":true}"#,
            .rejected
        ),
    ])
    func toolResultsHaveAnOutcome(_ block: String, _ outcome: ToolOutcome) throws {
        let found = try #require(activity(Self.user("[" + block + "]")))
        #expect(found.toolResults == [.init(id: hash("t"), outcome: outcome)])
        #expect(!found.isPrompt)
    }

    @Test func editsCountThePatchLinesOrTheCreatedFile() throws {
        let result = #"[{"type":"tool_result","tool_use_id":"t","content":"ok"}]"#
        let patch =
            #","toolUseResult":{"filePath":"/x","structuredPatch":[{"oldStart":1,"lines":[" a","-b","+c","+d"]},{"lines":["-e"," f","+g"]}],"oldString":"b"}"#
        let edited = try #require(activity(Self.user(result, extra: patch)))
        #expect(edited.linesAdded == 3 && edited.linesRemoved == 2)
        // A created file: its newlines, plus one for a last line without one; escapes decoded.
        for (content, lines) in [
            (#"a\nb\nc"#, UInt64(3)), (#"a\nb\n"#, 2), ("one", 1), ("", 0), (#"a\\nb"#, 1), (#"a\u000ab"#, 2),
        ] {
            let create =
                #","toolUseResult":{"type":"create","filePath":"/x","content":"\#(content)","structuredPatch":[]}"#
            let created = try #require(activity(Self.user(result, extra: create)))
            #expect(created.linesAdded == lines, "\(content)")
            #expect(created.linesRemoved == 0)
        }
        // A Task's result names the run it started.
        let task =
            #","toolUseResult":{"status":"completed","agentId":"a485154","content":[{"type":"text","text":"x"}],"usage":{"input_tokens":1}}"#
        #expect(try #require(activity(Self.user(result, extra: task))).startedRun == hash("a485154"))
    }

    @Test(arguments: [
        (#"API Error: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}"#, APIErrorKind.rateLimit),
        ("Claude AI usage limit reached|1759338000", .rateLimit),
        (
            #"API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"#,
            .overloaded
        ),
        ("Prompt is too long", .promptTooLong),
        ("API Error: Request was aborted.", .other),
    ])
    func apiErrorsHaveAKind(_ text: String, _ kind: APIErrorKind) throws {
        let line =
            #"{"type":"assistant","uuid":"e1","isApiErrorMessage":true,"message":{"id":"m","model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"\#(text)"}],"usage":{"input_tokens":0,"output_tokens":0}},"timestamp":"2025-10-01T15:00:00.000Z"}"#
        let found = try #require(activity(line))
        #expect(found.apiError == kind)
        #expect(found.key == hash("e1"))
    }

    @Test func promptsAreTheLinesTheUserTyped() throws {
        #expect(try #require(activity(Self.user(#""fix the tests""#))).isPrompt)
        #expect(try #require(activity(Self.user(#"[{"type":"text","text":"and this"}]"#))).isPrompt)
        #expect(try #require(activity(Self.user(#""fix""#))).key == hash("u1"))
        for extra in [#","isMeta":true"#, #","isCompactSummary":true"#] {
            #expect(activity(Self.user(#""x""#, extra: extra)) == nil, "\(extra)")
        }
        for content in [#""[Request interrupted by user]""#, #""<local-command-stdout>ok</local-command-stdout>""#] {
            #expect(activity(Self.user(content)) == nil, "\(content)")
        }
        let sidechain = Self.user(#""x""#).replacingOccurrences(
            of: #""isSidechain":false"#, with: #""isSidechain":true"#)
        #expect(activity(sidechain) == nil)
    }

    @Test func aSubagentLineNamesItsRun() throws {
        var decoder = ClaudeCodeDecoder()
        let text = Self.assistant(#"{"type":"text","text":"x"}"#, extra: #","isSidechain":true,"agentId":"a485154""#)
        let line = try Array(text.utf8).withUnsafeBufferPointer { buffer throws(RejectReason) in
            try decoder.decode(buffer)
        }
        #expect(line?.run == hash("a485154"))
        #expect(line?.countsUsage == true)
    }

    @Test func aMalformedUserLineIsDismissedNotRejected() throws {
        var decoder = ClaudeCodeDecoder()
        let bytes = Array(#"{"type":"user","message":{"role":"user","content":"x""#.utf8)
        let line = try bytes.withUnsafeBufferPointer { buffer throws(RejectReason) in try decoder.decode(buffer) }
        #expect(line == nil)
    }
}
