import UsageModel

@testable import UsageIngest

/// What a decoder made of a line, as one value the tests compare.
enum DecodeResult<Record: Equatable>: Equatable {
    case ignored
    case rejected(RejectReason)
    case record(Record)

    /// The outcome of decoding one line with `decoder`.
    init<Decoder: LineDecoder>(_ decoder: inout Decoder, _ bytes: [UInt8])
    where Decoder.Context == Void, Decoder.Record == Record {
        do throws(RejectReason) {
            let record = try bytes.withUnsafeBufferPointer { buffer throws(RejectReason) in try decoder.decode(buffer) }
            self = record.map(DecodeResult.record) ?? .ignored
        } catch {
            self = .rejected(error)
        }
    }
}
