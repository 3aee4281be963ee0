import UsageModel

/// What one line of a usage log adds to the ledger.
enum LogLineEffect {
    /// A request.
    case usage(LogUsage)
    /// An application's cache answered: no request, nothing billed.
    case cacheHit(CacheLookupKey, key: UInt64)
    case captureFailure(CaptureFailureReason, key: UInt64)
    case audit(session: String?, estimated: UInt64, actual: UInt64?, key: UInt64)
}
