/// The activity families' values: the part of the ``ActivityLedger`` a snapshot copies.
package struct ActivityCounters: Equatable, Sendable {
    package internal(set) var series: [ActivitySeries: UInt64] = [:]
    package internal(set) var agents: [AgentSeries: AgentUsage] = [:]

    package init() {}
}
