import UsageModel

/// What one line of a usage log adds to the ledger.
enum LogLineEffect {
    /// A line with nothing to count (another event type, a rate-limit notice).
    case ignored
    /// A request, counted under `key` (an empty provider is resolved from the model). `actual`
    /// is the session's actual token count that waiting prompt audits are joined to; `cacheMiss`
    /// the application cache lookup that missed before the request.
    case usage(SeriesKey, UsageRecord, actual: (session: String, tokens: UInt64)?, cacheMiss: CacheLookupKey?)
    /// An application's cache answered: no request, nothing billed.
    case cacheHit(CacheLookupKey, key: UInt64)
    case captureFailure(CaptureFailureReason, key: UInt64)
    case audit(session: String?, estimated: UInt64, actual: UInt64?, key: UInt64)
}
