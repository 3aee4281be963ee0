import UsageModel

/// A request a log line describes, before the source interns its series and session.
struct LogUsage {
    /// The series (an empty provider is resolved from the model).
    var key: SeriesKey
    var record: UsageRecord
    var session: String?
    var branch = ""
    /// The session's actual token count that waiting prompt audits are joined to.
    var actual: (session: String, tokens: UInt64)?
    /// The application cache lookup that missed before the request.
    var cacheMiss: CacheLookupKey?
}
