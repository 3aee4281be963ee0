/// One series of the per-agent usage families: the main thread (`main`), the subagent type
/// the Task tool named, or `subagent` when the transcripts do not say which.
package struct AgentSeries: Hashable, Comparable, Sendable {
    package var source: String
    package var user: String
    package var agent: String

    package init(source: String, user: String, agent: String) {
        self.source = source
        self.user = user
        self.agent = agent
    }

    package static let main = "main"
    package static let unknownSubagent = "subagent"

    package static func < (lhs: AgentSeries, rhs: AgentSeries) -> Bool {
        (lhs.source, lhs.user, lhs.agent) < (rhs.source, rhs.user, rhs.agent)
    }
}
