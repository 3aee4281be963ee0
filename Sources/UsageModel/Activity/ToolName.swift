/// A tool's labels: a built-in tool by its name, an MCP tool (`mcp__<server>__<tool>`) as
/// `tool="mcp"` with its server, a skill as `tool="Skill"` with the skill's name. Names only:
/// never a tool's input.
package struct ToolName: Hashable, Comparable, Sendable {
    package var tool: String
    package var mcpServer: String
    package var skill: String

    package init(tool: String, mcpServer: String = "", skill: String = "") {
        self.tool = tool
        self.mcpServer = mcpServer
        self.skill = skill
    }

    /// The labels of a `tool_use` block named `name` (with the skill its input names, if any).
    package init(used name: String, skill: String?) {
        if name.hasPrefix("mcp__") {
            // The server is what comes before the next `__` (a server's own name may hold one `_`).
            let rest = Array(name.utf8.dropFirst(5))
            var end = rest.count
            for index in rest.indices.dropLast()
            where rest[index] == UInt8(ascii: "_") && rest[index + 1] == rest[index] {
                end = index
                break
            }
            self.init(tool: "mcp", mcpServer: String(decoding: rest[..<end], as: UTF8.self))
        } else {
            self.init(tool: name, skill: name == "Skill" ? (skill ?? "") : "")
        }
    }

    package static func < (lhs: ToolName, rhs: ToolName) -> Bool {
        (lhs.tool, lhs.mcpServer, lhs.skill) < (rhs.tool, rhs.mcpServer, rhs.skill)
    }
}
