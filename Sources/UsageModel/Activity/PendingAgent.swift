/// Usage of a subagent run whose type is not known yet: the Task tool's result, which names
/// the run, is written only when the subagent ends. Held until then, or counted as
/// `subagent` once its newest line is an hour old.
struct PendingAgent: Equatable, Sendable {
    var source: String
    var user: String
    var usage = AgentUsage()
    var newestMillis: Int64 = .min
}
