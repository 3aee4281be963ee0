/// What became of a prompt audit.
package enum AuditOutcome: Equatable, Sendable {
    /// Its error is in the histogram.
    case observed
    /// It waits for its session's usage record.
    case waiting
    /// A line already counted.
    case duplicate
    /// No actual count and no session id to find one by.
    case unmatchable
}
