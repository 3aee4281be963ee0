import UsageSystem

/// Reads the new complete lines of a file from a ``TailPosition``, with bounded memory.
///
/// One buffer is reused for every file: it holds at most one partial line plus one chunk, so
/// memory stays under `maxLineBytes + chunkBytes` whatever the file size. Lines longer than
/// `maxLineBytes` are reported as overlong and skipped without being buffered.
final class LineReader {
    struct Totals: Equatable, Sendable {
        var lines: UInt64 = 0
        var bytes: UInt64 = 0
        var overlong: UInt64 = 0
        /// True when reading stopped at `stopAfter` with more of the file left.
        var stoppedEarly = false
    }

    let maxLineBytes: Int
    let chunkBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer

    /// - Parameter chunkBytes: the size of each `pread`, and of the buffer until a line is
    ///   longer. 64 KiB: the buffer and the lines parsed from it stay in the core's cache
    ///   (1 MiB chunks evicted it, and the kernel's copy into it took three times a plain
    ///   read loop's system time here).
    init(maxLineBytes: Int, chunkBytes: Int = 64 << 10) {
        self.maxLineBytes = max(1, maxLineBytes)
        self.chunkBytes = max(4096, chunkBytes)
        self.buffer = .allocate(byteCount: self.chunkBytes, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads from `position` to the end of the file, calling `line` with each complete line
    /// (without its `\n`, a trailing `\r` or a leading BOM) and its 1-based number. With
    /// `stopAfter`, it stops at the first chunk boundary past that many bytes, so a huge file
    /// can be read in turns; `position` is then at a line start. With `size` (the file's,
    /// from `fstat`), reading ends there without a last `pread` to find the end: what is
    /// written meanwhile is read next time. `head`, when reading starts at offset 0, is
    /// handed the first bytes read (so the caller need not read them again).
    func read(
        fd: Int32, path: String, from position: inout TailPosition, stopAfter: UInt64 = .max, size: UInt64? = nil,
        head: ((UnsafeRawBufferPointer) -> Void)? = nil,
        line: (UnsafeBufferPointer<UInt8>, UInt64) -> Void, overlong: (UInt64) -> Void
    ) throws(SystemError) -> Totals {
        var totals = Totals()
        var filled = 0
        var head = position.offset == 0 ? head : nil
        while true {
            if let size, position.offset + UInt64(filled) >= size { break }
            if totals.bytes >= stopAfter, !position.skippingOverlong {
                totals.stoppedEarly = true
                break
            }
            if filled == buffer.count { grow() }
            let count = try FileSystem.read(
                fd, into: buffer.baseAddress! + filled, count: min(buffer.count - filled, chunkBytes),
                at: position.offset + UInt64(filled), path: path)
            if count == 0 { break }
            if let first = head {
                first(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: filled + count))
                head = nil
            }
            let end = filled + count
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var lineStart = 0
            var searchFrom = filled
            while searchFrom < end,
                let found = Memory.find(UInt8(ascii: "\n"), in: base + searchFrom, count: end - searchFrom)
            {
                let newline = searchFrom + found
                let length = newline - lineStart
                position.lineNumber += 1
                totals.lines += 1
                totals.bytes += UInt64(length + 1)
                if position.skippingOverlong {
                    position.skippingOverlong = false
                } else if length > maxLineBytes {
                    totals.overlong += 1
                    overlong(position.lineNumber)
                } else {
                    line(
                        LineReader.trimmed(UnsafeBufferPointer(start: base + lineStart, count: length)),
                        position.lineNumber)
                }
                lineStart = newline + 1
                searchFrom = lineStart
            }
            position.offset += UInt64(lineStart)
            filled = end - lineStart
            if filled > 0, lineStart > 0 {
                Memory.move(buffer.baseAddress!, from: buffer.baseAddress! + lineStart, count: filled)
            }
            if position.skippingOverlong || filled > maxLineBytes {
                // The partial line is (or continues) an overlong one: count it once, drop its bytes.
                if !position.skippingOverlong {
                    totals.overlong += 1
                    overlong(position.lineNumber + 1)
                    position.skippingOverlong = true
                }
                totals.bytes += UInt64(filled)
                position.offset += UInt64(filled)
                filled = 0
            }
        }
        return totals
    }

    private func grow() {
        let limit = maxLineBytes + chunkBytes
        let size = min(limit, buffer.count * 2)
        guard size > buffer.count else { return }
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
        buffer.deallocate()
        buffer = bigger
    }

    /// Drops a trailing `\r` (CRLF files) and a leading UTF-8 byte order mark.
    static func trimmed(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        if end - start >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { start = 3 }
        return UnsafeBufferPointer(rebasing: line[start..<end])
    }
}
