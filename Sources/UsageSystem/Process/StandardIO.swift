import Glibc

/// Standard input, output and error, and the environment.
package enum StandardIO {
    /// Writes all of `bytes` to standard output.
    package static func writeOutput(_ bytes: [UInt8]) { bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) } }

    /// Writes all of `bytes` to standard error in one call where it can (log lines do not interleave).
    package static func writeError(_ bytes: [UInt8]) { bytes.withUnsafeBytes { writeAll($0, to: STDERR_FILENO) } }

    /// Standard input up to `limit` bytes, or to its end.
    package static func readInput(limit: Int) -> [UInt8] {
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while input.count < limit {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            input += buffer[0..<count]
        }
        return input
    }

    /// Whether standard output is a terminal (colours, alignment).
    package static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The process environment as a dictionary.
    package static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    /// Ends the process now with `status` (the executable's last word).
    package static func exit(_ status: Int32) -> Never { Glibc.exit(status) }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }
}
