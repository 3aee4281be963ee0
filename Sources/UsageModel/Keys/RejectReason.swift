/// Why a line was not counted; the `reason` label of `llm_usage_lines_rejected_total`.
package enum RejectReason: String, CaseIterable, Error, Sendable {
    /// Not JSON, or truncated JSON.
    case malformedJSON = "malformed_json"
    /// A usage line without a field the count needs (message id, timestamp, model).
    case missingField = "missing_field"
    /// A field of the wrong type or out of range (a negative or fractional token count).
    case badValue = "bad_value"
    /// A timestamp that is not ISO 8601.
    case badTimestamp = "bad_timestamp"
    /// A line longer than `--source.max-line-bytes`: skipped without buffering it.
    case overlong
    /// A field the count needs is not valid UTF-8.
    case invalidUTF8 = "invalid_utf8"
}
