/// How the durable state's saves are going (with `--state.dir`): what
/// `llm_usage_state_save_failures_total` and `llm_usage_state_last_save_timestamp_seconds`
/// show. Not saved itself: it is this process's.
package struct StateSaveHealth: Equatable, Sendable {
    package static func == (lhs: StateSaveHealth, rhs: StateSaveHealth) -> Bool {
        lhs.failures == rhs.failures && lhs.lastSuccessSeconds == rhs.lastSuccessSeconds
            && lhs.failing?.reason == rhs.failing?.reason && lhs.failing?.sinceSeconds == rhs.failing?.sinceSeconds
    }

    /// Failed saves, indexed as ``StateSaveFailureReason/allCases``.
    package private(set) var failures = [UInt64](repeating: 0, count: StateSaveFailureReason.allCases.count)
    /// Unix seconds of the last successful save; the start, before the first (the state on
    /// disk was current then: just restored, or none to lose).
    package private(set) var lastSuccessSeconds: Double
    /// The last failure since the last success (its reason and Unix seconds), nil while saves work.
    package private(set) var failing: (reason: StateSaveFailureReason, sinceSeconds: Double)?

    package init(startSeconds: Double) {
        lastSuccessSeconds = startSeconds
    }

    package subscript(reason: StateSaveFailureReason) -> UInt64 {
        failures[StateSaveFailureReason.allCases.firstIndex(of: reason)!]
    }

    /// A save's outcome: nil for a success.
    package mutating func note(_ failure: StateSaveFailureReason?, atSeconds now: Double) {
        if let failure {
            failures[StateSaveFailureReason.allCases.firstIndex(of: failure)!] += 1
            failing = (failure, failing?.sinceSeconds ?? now)
        } else {
            lastSuccessSeconds = now
            failing = nil
        }
    }
}
