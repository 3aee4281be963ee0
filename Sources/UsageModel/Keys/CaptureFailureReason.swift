/// Why a team usage hook could not capture a session's usage: the `reason` label of
/// `llm_usage_capture_failures_total`, normalised from free text to a small set.
package enum CaptureFailureReason: String, CaseIterable, Comparable, Sendable {
    case timeout
    case notFound = "not_found"
    case error
    case other

    /// The reason a record's free text names: `timed out` is a timeout, `command not found` or
    /// `tool missing` is not_found, anything else that says error or failed is an error.
    package init(text: String?) {
        guard let text = text?.lowercased(), !text.isEmpty else {
            self = .other
            return
        }
        let has = { (words: [String]) in words.contains { text.contains($0) } }
        if has(["timeout", "timed out", "time out", "deadline"]) {
            self = .timeout
        } else if has(["not_found", "not found", "notfound", "missing", "no such", "enoent", "unavailable"]) {
            self = .notFound
        } else if has(["error", "fail", "exception", "crash", "exit"]) {
            self = .error
        } else {
            self = .other
        }
    }

    package static func < (lhs: CaptureFailureReason, rhs: CaptureFailureReason) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
