import Foundation

/// A Claude Code tree with every kind of activity: built-in, MCP and Skill tools, each outcome,
/// edits and a created file, API errors, prompts and lines that are not, a Task with its
/// subagent transcript, a subagent whose Task never reported, and a resumed session that copies
/// lines of the first.
package enum ActivityFixtures {
    /// One transcript line, keys sorted.
    package static func line(_ fields: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    package static func assistant(
        _ id: String, session: String, blocks: [[String: Any]], time: String, sidechain: Bool = false,
        agent: String? = nil, model: String = "claude-sonnet-4-5-20250929", input: Int = 100, output: Int = 50
    ) -> String {
        var fields: [String: Any] = [
            "type": "assistant", "uuid": "u-" + id, "sessionId": session, "isSidechain": sidechain,
            "cwd": "/home/dev/src/app", "requestId": "req-" + id, "timestamp": time,
            "message": [
                "id": id, "type": "message", "role": "assistant", "model": model, "content": blocks,
                "usage": ["input_tokens": input, "output_tokens": output, "cache_read_input_tokens": 1000],
            ] as [String: Any],
        ]
        if let agent { fields["agentId"] = agent }
        return line(fields)
    }

    package static func toolUse(_ id: String, _ name: String, _ input: [String: Any] = [:]) -> [String: Any] {
        ["type": "tool_use", "id": id, "name": name, "input": input]
    }

    package static func result(
        _ uuid: String, session: String, call: String, text: String = "ok", isError: Bool = false,
        toolUseResult: Any? = nil, time: String, sidechain: Bool = false, agent: String? = nil
    ) -> String {
        var block: [String: Any] = ["type": "tool_result", "tool_use_id": call, "content": text]
        if isError { block["is_error"] = true }
        var fields: [String: Any] = [
            "type": "user", "uuid": uuid, "sessionId": session, "isSidechain": sidechain, "timestamp": time,
            "message": ["role": "user", "content": [block]] as [String: Any],
        ]
        if let toolUseResult { fields["toolUseResult"] = toolUseResult }
        if let agent { fields["agentId"] = agent }
        return line(fields)
    }

    package static func prompt(
        _ uuid: String, session: String, text: String, time: String, meta: Bool = false
    )
        -> String
    {
        var fields: [String: Any] = [
            "type": "user", "uuid": uuid, "sessionId": session, "isSidechain": false, "timestamp": time,
            "message": ["role": "user", "content": text] as [String: Any],
        ]
        if meta { fields["isMeta"] = true }
        return line(fields)
    }

    package static func apiError(_ uuid: String, session: String, text: String, time: String) -> String {
        line([
            "type": "assistant", "uuid": uuid, "sessionId": session, "isSidechain": false, "isApiErrorMessage": true,
            "timestamp": time,
            "message": [
                "id": "synthetic-" + uuid, "model": "<synthetic>", "role": "assistant",
                "content": [["type": "text", "text": text]], "usage": ["input_tokens": 0, "output_tokens": 0],
            ] as [String: Any],
        ])
    }

    /// The main session's lines, `prefix` making their ids distinct (a second batch appended later).
    package static func session(_ session: String, prefix: String, time: String) -> [String] {
        let p = prefix
        let patch: [String: Any] = [
            "filePath": "/home/dev/src/app/a.swift", "oldString": "x", "newString": "y",
            "structuredPatch": [
                ["oldStart": 1, "oldLines": 2, "newStart": 1, "newLines": 3, "lines": [" a", "-b", "+c", "+d"]]
            ],
        ]
        let created: [String: Any] = [
            "type": "create", "filePath": "/home/dev/src/app/new.swift", "content": "one\ntwo\nthree\n",
            "structuredPatch": [Any](),
        ]
        return [
            prompt(p + "p1", session: session, text: "build the thing", time: time),
            prompt(p + "p2", session: session, text: "Caveat: the messages below", time: time, meta: true),
            assistant(p + "m1", session: session, blocks: [toolUse(p + "t1", "Bash", ["command": "ls"])], time: time),
            result(p + "r1", session: session, call: p + "t1", time: time),
            assistant(p + "m2", session: session, blocks: [toolUse(p + "t2", "Edit", ["file_path": "/x"])], time: time),
            result(p + "r2", session: session, call: p + "t2", toolUseResult: patch, time: time),
            assistant(
                p + "m3", session: session, blocks: [toolUse(p + "t3", "Write", ["file_path": "/y"])], time: time),
            result(
                p + "r3", session: session, call: p + "t3",
                text: "The user doesn't want to proceed with this tool use. The tool use was rejected", isError: true,
                toolUseResult: "User rejected tool use", time: time),
            assistant(
                p + "m4", session: session, blocks: [toolUse(p + "t4", "mcp__linear-server__create_issue")], time: time),
            result(p + "r4", session: session, call: p + "t4", text: "Error: no team", isError: true, time: time),
            assistant(p + "m5", session: session, blocks: [toolUse(p + "t5", "Skill", ["skill": "pdf"])], time: time),
            result(p + "r5", session: session, call: p + "t5", time: time),
            assistant(
                p + "m6", session: session,
                blocks: [toolUse(p + "t6", "Task", ["prompt": "look around", "subagent_type": "Explore"])], time: time),
            result(
                p + "r6", session: session, call: p + "t6",
                toolUseResult: ["status": "completed", "agentId": p + "run1", "usage": ["input_tokens": 5]], time: time),
            assistant(
                p + "m7", session: session, blocks: [toolUse(p + "t7", "Write", ["file_path": "/z"])], time: time),
            result(p + "r7", session: session, call: p + "t7", toolUseResult: created, time: time),
            assistant(
                p + "m8", session: session, blocks: [toolUse(p + "t8", "NotebookEdit", ["notebook_path": "/n.ipynb"])],
                time: time),
            result(
                p + "r8", session: session, call: p + "t8",
                toolUseResult: ["cell_id": "c1", "edit_mode": "replace", "new_source": "x = 1\ny = 2", "error": ""],
                time: time),
            apiError(
                p + "e1", session: session, text: "API Error: 429 {\"error\":{\"type\":\"rate_limit_error\"}}",
                time: time),
            apiError(p + "e2", session: session, text: "API Error: 529 overloaded_error", time: time),
            prompt(p + "p3", session: session, text: "[Request interrupted by user]", time: time),
        ]
    }

    /// The subagent the Task of `session(…)` started, and one whose Task never said.
    package static func subagent(_ session: String, prefix: String, run: String, time: String) -> [String] {
        let p = prefix + run
        return [
            assistant(
                p + "s1", session: session, blocks: [toolUse(p + "st1", "Read", ["file_path": "/a"])], time: time,
                sidechain: true, agent: prefix + run, input: 7, output: 3),
            result(p + "sr1", session: session, call: p + "st1", time: time, sidechain: true, agent: prefix + run),
        ]
    }

    /// Writes the tree: `projects/-home-dev-src-app/` with the session, its subagents and a
    /// resumed session that copies the session's first half and adds its own prompt.
    package static func write(_ tree: TempTree, under root: String = "", time: String = "2025-10-01T12:00:00.000Z") {
        let folder = root + "projects/-home-dev-src-app/"
        let lines = session("s1", prefix: "a-", time: time)
        tree.write(folder + "s1.jsonl", lines.joined())
        tree.write(
            folder + "s1/subagents/agent-a-run1.jsonl", subagent("s1", prefix: "a-", run: "run1", time: time).joined())
        tree.write(
            folder + "s1/subagents/agent-a-lost.jsonl", subagent("s1", prefix: "a-", run: "lost", time: time).joined())
        tree.write(
            folder + "s2.jsonl",
            lines.prefix(lines.count / 2).joined() + prompt("b-p1", session: "s2", text: "go on", time: time))
    }
}
