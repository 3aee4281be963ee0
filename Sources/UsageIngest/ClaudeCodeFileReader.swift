import Glibc
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
        var decoder = ClaudeCodeDecoder()
    }

    private let tools: Mutex<Tools>

    init(maxLineBytes: Int) {
        tools = Mutex(Tools(reader: LineReader(maxLineBytes: maxLineBytes)))
    }

    func read(_ job: FileReadJob, stopAfter: UInt64) -> FileBatch {
        tools.withLock { tools in Self.read(job, stopAfter: stopAfter, reader: tools.reader, decoder: &tools.decoder) }
    }

    private static func read(
        _ job: FileReadJob, stopAfter: UInt64, reader: LineReader, decoder: inout ClaudeCodeDecoder
    )
        -> FileBatch
    {
        var batch = FileBatch(file: job.file)
        let path = job.file.path
        do {
            let fd = try SystemCall.open(path)
            defer { close(fd) }
            let info = try SystemCall.status(of: fd, path: path)
            guard FileIdentity(info) == job.identity else {
                batch.identityChanged = true
                return batch
            }
            if batch.file.headLength > 0,
                try headHash(fd, path: path, length: batch.file.headLength) != batch.file.headHash
            {
                batch.rewritten = true
                batch.file.position = TailPosition()
                batch.file.headLength = 0
            }
            let size = UInt64(info.st_size)
            if batch.file.headLength == 0
                || batch.file.headLength < TrackedFile.headBytes && UInt64(batch.file.headLength) < size
            {
                batch.file.headLength = Int(min(UInt64(TrackedFile.headBytes), size))
                batch.file.headHash = try headHash(fd, path: path, length: batch.file.headLength)
            }
            var records: [(line: ClaudeCodeLine, number: UInt64)] = []
            var rejections: [(reason: RejectReason, number: UInt64)] = []
            var position = batch.file.position
            let handleLine = { (bytes: UnsafeBufferPointer<UInt8>, number: UInt64) in
                switch decoder.decode(bytes) {
                case .ignored: break
                case .rejected(let reason): rejections.append((reason, number))
                case .record(let line): records.append((line, number))
                }
            }
            let handleOverlong = { (number: UInt64) in rejections.append((.overlong, number)) }
            batch.totals = try reader.read(
                fd: fd, path: path, from: &position, stopAfter: stopAfter, line: handleLine, overlong: handleOverlong)
            batch.file.position = position
            batch.records = records
            batch.rejections = rejections
            // A size seen only once reading is complete: an unchanged size then means nothing new.
            batch.file.sizeAtLastRead = batch.totals.stoppedEarly ? nil : size
            batch.file.mtimeAtLastRead =
                batch.totals.stoppedEarly
                ? nil : FileIdentity.modificationNanos(info)
        } catch {
            batch.error = error
        }
        return batch
    }

    private static func headHash(_ fd: Int32, path: String, length: Int) throws(SystemError) -> UInt64 {
        var head = [UInt8](repeating: 0, count: length)
        let result = head.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) -> Int in
                try SystemCall.pread(fd, buffer.baseAddress!, length, 0, path: path)
            }
        }
        let count = try result.get()
        var hash = StableHash()
        head.withUnsafeBufferPointer { hash.combine(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        return hash.finalized
    }
}
