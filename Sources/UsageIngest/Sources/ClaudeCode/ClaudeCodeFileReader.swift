import Synchronization
import UsageModel

/// One worker's tools: a line buffer and a decoder.
///
/// It reads a file's new lines into a ``FileBatch`` without touching any shared state but
/// the readers' ``RecordPool``, so several workers can read different files at once. The tools sit behind a lock that only
/// the worker's own thread takes (uncontended), which is what makes the worker `Sendable`.
final class ClaudeCodeFileReader: Sendable {
    private struct Tools {
        let reader: LineReader
        var decoder: ClaudeCodeDecoder
    }

    private let tools: Mutex<Tools>
    private let pool: RecordPool

    init(
        maxLineBytes: Int, chunkBytes: Int, checksEveryLine: Bool = false, countsActivity: Bool = true,
        pool: RecordPool
    ) {
        self.pool = pool
        tools = Mutex(
            Tools(
                reader: LineReader(maxLineBytes: maxLineBytes, chunkBytes: chunkBytes),
                decoder: ClaudeCodeDecoder(checksEveryLine: checksEveryLine, countsActivity: countsActivity)))
    }

    func read(_ job: FileReadJob, stopAfter: UInt64) -> FileBatch {
        tools.withLock { tools in
            Self.read(job, stopAfter: stopAfter, reader: tools.reader, decoder: &tools.decoder, pool: pool)
        }
    }

    private static func read(
        _ job: FileReadJob, stopAfter: UInt64, reader: LineReader, decoder: inout ClaudeCodeDecoder, pool: RecordPool
    )
        -> FileBatch
    {
        decoder.beginFile()
        // Sized once instead of doubling as it fills (each doubling copies the lines and touches
        // fresh pages): at most one line per KiB of transcript read for its activity, one per
        // 2 KiB with usage; the part not filled is never touched.
        var records = pool.take(
            capacity: Int(min(job.pendingBytes, stopAfter) / (decoder.countsActivity ? 1024 : 2048)))
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
