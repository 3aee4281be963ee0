public import UsageModel

/// A kind of log the exporter reads. Each poll reads only what changed since the last one.
public protocol UsageSource: AnyObject {
    /// The `source` label value.
    var name: String { get }
    /// Reads what is new and counts it in the ledger.
    func poll(into ledger: inout UsageLedger)
    /// Each configured path and its state after the last poll.
    var statuses: [SourceStatus] { get }
}
