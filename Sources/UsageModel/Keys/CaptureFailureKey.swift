/// Labels of `llm_usage_capture_failures_total`.
package struct CaptureFailureKey: Hashable, Comparable, Sendable {
    package var source: String
    package var reason: CaptureFailureReason

    package init(source: String, reason: CaptureFailureReason) {
        self.source = source
        self.reason = reason
    }

    package static func < (lhs: CaptureFailureKey, rhs: CaptureFailureKey) -> Bool {
        (lhs.source, lhs.reason.rawValue) < (rhs.source, rhs.reason.rawValue)
    }
}
