package import UsageModel

/// What a decoder made of one line.
package enum DecodeResult<Record: Equatable & Sendable>: Equatable, Sendable {
    /// A line that carries no usage (a user turn, a summary, a `<synthetic>` notice).
    case ignored
    case rejected(RejectReason)
    case record(Record)
}
