/// Labels of `llm_usage_capture_failures_total`.
public struct CaptureFailureKey: Hashable, Comparable, Sendable {
    public var source: String
    public var reason: CaptureFailureReason

    public init(source: String, reason: CaptureFailureReason) {
        self.source = source
        self.reason = reason
    }

    public static func < (lhs: CaptureFailureKey, rhs: CaptureFailureKey) -> Bool {
        (lhs.source, lhs.reason.rawValue) < (rhs.source, rhs.reason.rawValue)
    }
}
