/// A label's distinct values, at most `limit`; later ones share ``other``. Keeps what a
/// transcript can name (tools, MCP servers, skills, subagent types) from growing the series
/// without bound.
struct LabelCap: Sendable {
    static let other = "(other)"

    let limit: Int
    private(set) var values: Set<String> = []

    init(limit: Int) { self.limit = limit }

    /// The value as exported: itself while there is room (or it is known), else ``other``.
    /// ``other`` itself takes no room, so a cap rebuilt from exported values (a restored
    /// state's) holds the same values as before.
    mutating func admit(_ value: String) -> String {
        if value.isEmpty || value == LabelCap.other || values.contains(value) { return value }
        guard values.count < limit else { return LabelCap.other }
        values.insert(value)
        return value
    }
}
