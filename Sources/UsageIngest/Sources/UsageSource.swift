package import UsageModel

/// A kind of log the exporter reads. Each poll reads only what changed since the last one.
package protocol UsageSource: AnyObject {
    /// The `source` label value.
    var name: String { get }
    /// Reads what is new and counts it in the ledger.
    func poll(into ledger: inout UsageLedger)
    /// The folder trees whose file events tell this source's changes; nil when events cannot
    /// (glob patterns): the source is then polled at every interval.
    var watchedTrees: [String]? { get }
    /// Reads what is new in `paths` only, the files file events said changed (paths outside
    /// the source's trees are not its own); a full ``poll(into:)`` finds the rest.
    func poll(into ledger: inout UsageLedger, changed paths: Set<String>)
    /// Each configured path and its state after the last poll.
    var statuses: [SourceStatus] { get }
    /// A few `path:line` of the lines rejected so far, per reason (for `check`).
    var rejectionExamples: [RejectReason: [String]] { get }
    /// Paths that could not be read so far, with the error.
    var readProblems: [String] { get }
    /// Files last modified before this (Unix nanoseconds) are skipped (reports from a date on).
    var skipFilesModifiedBefore: Int64? { get set }
    /// Writes what the source needs to continue after a restart (files and their offsets).
    func encodeState(into writer: inout StateWriter)
    /// Continues from a saved state; throws when it cannot be used (the caller starts afresh).
    func restoreState(from reader: inout StateReader) throws(StateError)
    /// After a restore from a build that did not count activity: the files are read again from
    /// their start (deduplication absorbs the usage), so their activity is counted.
    func readAgainForActivity()
}

extension UsageSource {
    package func readAgainForActivity() {}
}
