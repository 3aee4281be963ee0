/// What ``UsageLedger/add(_:)`` did with a record.
package enum RecordOutcome: Equatable, Sendable {
    /// A new request, counted.
    case counted
    /// A new request whose model has no price: counted without cost. `firstForModel`
    /// is true once per (source, model), so the caller logs it once.
    case countedUnpriced(firstForModel: Bool)
    /// A copy of a counted request that raised its counters by the difference.
    case raised
    /// A copy that added nothing.
    case duplicate
}
