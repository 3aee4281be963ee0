import UsageModel
import UsageSystem

/// Reads a tracked file's new lines: checks that the path still holds the same file and that
/// its head is unchanged (else it starts again from 0), then hands each line to `line`.
enum FileTail {
    struct Outcome: Sendable {
        var file: TrackedFile
        var totals = LineReader.Totals()
        /// The head changed: the file was rewritten in place and read again from its start.
        var rewritten = false
        /// The path now holds another file: nothing read.
        var identityChanged = false
        var error: SystemError?
    }

    static func read(
        _ job: FileReadJob, stopAfter: UInt64, reader: LineReader,
        line: (UnsafeBufferPointer<UInt8>, UInt64) -> Void, overlong: (UInt64) -> Void
    ) -> Outcome {
        var outcome = Outcome(file: job.file)
        let path = job.file.path
        do {
            let fd = try FileSystem.openForReading(path)
            defer { FileSystem.close(fd) }
            let status = try FileSystem.status(of: fd, path: path)
            // Another file, or a FIFO or device swapped in since the walk: not the file to read.
            guard status.identity == job.identity, status.kind == .regular else {
                outcome.identityChanged = true
                return outcome
            }
            if outcome.file.headLength > 0,
                try headHash(fd, path: path, length: outcome.file.headLength) != outcome.file.headHash
            {
                outcome.rewritten = true
                outcome.file.position = TailPosition()
                outcome.file.headLength = 0
            }
            let size = status.size
            let headLength = Int(min(UInt64(TrackedFile.headBytes), size))
            var position = outcome.file.position
            var headHashed = false
            if outcome.file.headLength == 0
                || outcome.file.headLength < TrackedFile.headBytes && UInt64(outcome.file.headLength) < size
            {
                outcome.file.headLength = headLength
                // Read from the start: the head is hashed from the first bytes the reader reads.
                if position.offset == 0 {
                    headHashed = true
                } else {
                    outcome.file.headHash = try headHash(fd, path: path, length: headLength)
                }
            }
            var firstBytes = 0
            var firstHash = Self.hash(UnsafeRawBufferPointer(start: nil, count: 0))
            outcome.totals = try reader.read(
                fd: fd, path: path, from: &position, stopAfter: stopAfter, size: size,
                head: headHashed
                    ? { bytes in
                        firstBytes = min(bytes.count, headLength)
                        firstHash = Self.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<firstBytes]))
                    } : nil,
                line: line, overlong: overlong)
            if headHashed {
                // A read shorter than the head (the file shrank meanwhile): hash what is there now.
                outcome.file.headHash =
                    firstBytes == headLength ? firstHash : try headHash(fd, path: path, length: headLength)
            }
            outcome.file.position = position
            // A size seen only once reading is complete: an unchanged size then means nothing new.
            outcome.file.sizeAtLastRead = outcome.totals.stoppedEarly ? nil : size
            outcome.file.mtimeAtLastRead = outcome.totals.stoppedEarly ? nil : status.modifiedNanos
        } catch {
            outcome.error = error
        }
        return outcome
    }

    private static func headHash(_ fd: Int32, path: String, length: Int) throws(SystemError) -> UInt64 {
        var head = [UInt8](repeating: 0, count: length)
        let result = head.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) -> Int in
                try FileSystem.read(fd, into: buffer.baseAddress!, count: length, at: 0, path: path)
            }
        }
        let count = try result.get()
        return head.withUnsafeBytes { hash(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes.assumingMemoryBound(to: UInt8.self))
        return hash.finalized
    }
}
