/// Where Claude Code keeps its transcripts when no `--source.claude-code` is given.
package enum ClaudeCodeRoots {
    /// `CLAUDE_CONFIG_DIR` (comma-separated, `~` expanded) when set; else those of
    /// `$XDG_CONFIG_HOME/claude` (default `~/.config/claude`) and `~/.claude` that have a
    /// `projects/` folder, or `~/.claude` alone when neither has one yet.
    package static func resolve(environment: [String: String], exists: (String) -> Bool) -> [String] {
        let home = environment["HOME"] ?? ""
        func expand(_ path: String) -> String { HomePath.expand(path, home: home) }
        if let configured = environment["CLAUDE_CONFIG_DIR"], !configured.isEmpty {
            let roots = configured.split(separator: ",").map { expand(String($0).trimmingCharacters(" ")) }.filter {
                !$0.isEmpty
            }
            if !roots.isEmpty { return roots }
        }
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let candidates = [xdg + "/claude", home + "/.claude"]
        let present = candidates.filter { exists($0 + "/projects") }
        return present.isEmpty ? [home + "/.claude"] : present
    }
}

extension String {
    fileprivate func trimmingCharacters(_ character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
