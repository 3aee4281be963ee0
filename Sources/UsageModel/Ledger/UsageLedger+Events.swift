extension UsageLedger {
    /// Counts a team usage hook's failure once per line key; false for a line already counted.
    @discardableResult
    package mutating func addCaptureFailure(source: String, reason: CaptureFailureReason, key: UInt64) -> Bool {
        guard seenEvents.insert(key).inserted else { return false }
        stored.captureFailures[CaptureFailureKey(source: source, reason: reason), default: 0] += 1
        return true
    }

    /// Counts a lookup in an application's response cache. A miss is counted with the request
    /// it caused (call this only when ``add(_:)`` counted it); a hit, which is no request, once
    /// per line key. False for a hit already counted.
    @discardableResult
    package mutating func addCacheLookup(_ lookup: CacheLookupKey, key: UInt64?) -> Bool {
        if let key, !seenEvents.insert(key).inserted { return false }
        stored.cacheLookups[lookup, default: 0] += 1
        return true
    }

    /// A prompt audit, once per line key. With an actual count it is observed at once; without,
    /// it is joined to the team usage record of its session, now or when that record is read.
    @discardableResult
    package mutating func addAudit(session: String?, estimated: UInt64, actual: UInt64?, key: UInt64) -> AuditOutcome {
        guard seenEvents.insert(key).inserted else { return .duplicate }
        if let actual {
            stored.estimation.observe(estimated: estimated, actual: actual)
            return .observed
        }
        guard let session else { return .unmatchable }
        let (found, dropped) = join.audit(session: session, estimated: estimated)
        if dropped { stored.estimation.unmatchedDropped += 1 }
        if let found { stored.estimation.observe(estimated: estimated, actual: found) }
        stored.estimation.unmatched = join.pendingCount
        return found == nil ? .waiting : .observed
    }

    /// A team usage record's actual token count for its session: observes the audits that waited for it.
    package mutating func recordActual(session: String, actual: UInt64) {
        guard actual > 0 else { return }
        for estimated in join.record(session: session, actual: actual) {
            stored.estimation.observe(estimated: estimated, actual: actual)
        }
        stored.estimation.unmatched = join.pendingCount
    }
}
