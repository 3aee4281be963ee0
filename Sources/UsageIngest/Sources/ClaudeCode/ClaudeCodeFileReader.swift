import Synchronization
import UsageModel

/// One worker's tools: a line buffer and a decoder.
///
/// It reads a file's new lines into a ``FileBatch`` without touching any shared state, so
/// several workers can read different files at once. The tools sit behind a lock that only
/// the worker's own thread takes (uncontended), which is what makes the worker `Sendable`.
final class ClaudeCodeFileReader: Sendable {
    private struct Tools {
        let reader: LineReader
        var decoder: ClaudeCodeDecoder
    }

    private let tools: Mutex<Tools>

    init(maxLineBytes: Int, chunkBytes: Int, checksEveryLine: Bool = false, countsActivity: Bool = true) {
        tools = Mutex(
            Tools(
                reader: LineReader(maxLineBytes: maxLineBytes, chunkBytes: chunkBytes),
                decoder: ClaudeCodeDecoder(checksEveryLine: checksEveryLine, countsActivity: countsActivity)))
    }

    func read(_ job: FileReadJob, stopAfter: UInt64) -> FileBatch {
        tools.withLock { tools in Self.read(job, stopAfter: stopAfter, reader: tools.reader, decoder: &tools.decoder) }
    }

    private static func read(
        _ job: FileReadJob, stopAfter: UInt64, reader: LineReader, decoder: inout ClaudeCodeDecoder
    )
        -> FileBatch
    {
        decoder.beginFile()
        var records: [(line: ClaudeCodeLine, number: UInt64)] = []
        // About one usage line per 4 KiB of transcript, and as many read for their activity:
        // sized once instead of doubling as it fills.
        records.reserveCapacity(Int(min(job.pendingBytes, stopAfter) / (decoder.countsActivity ? 2048 : 4096)))
        var rejections: [(reason: RejectReason, number: UInt64)] = []
        let outcome = FileTail.read(
            job, stopAfter: stopAfter, reader: reader,
            line: { bytes, number in
                do throws(RejectReason) {
                    if let line = try decoder.decode(bytes) { records.append((line, number)) }
                } catch {
                    rejections.append((error, number))
                }
            },
            overlong: { number in rejections.append((.overlong, number)) })
        var batch = FileBatch(outcome: outcome)
        if outcome.error == nil, !outcome.identityChanged {
            batch.records = records
            batch.rejections = rejections
            batch.models = decoder.models.strings
            batch.cwds = decoder.cwds.strings
            batch.contexts = decoder.contexts
            batch.activities = decoder.activities
            batch.toolUses = decoder.toolUses
            batch.toolResults = decoder.toolResults
        }
        return batch
    }
}
