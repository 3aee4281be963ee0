import Glibc

/// The one funnel for system calls: `EINTR` is retried, `-1` becomes a ``SystemError`` with the
/// call's name, the path and `strerror`'s text, and `EBADF` (a descriptor we closed or never
/// had) stops the process: it is a bug, not a condition to handle.
enum SystemCall {
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ call: String, _ path: String, _ body: () -> T) throws(SystemError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            precondition(code != EBADF, "\(call) \(path): bad file descriptor")
            throw SystemError(call: call, path: path, errno: code)
        }
    }

    static func open(_ path: String, _ flags: Int32 = O_RDONLY, mode: mode_t = 0) throws(SystemError) -> Int32 {
        try retrying("open", path) { PathName.withCString(path) { Glibc.open($0, flags | O_CLOEXEC, mode) } }
    }

    static func status(_ path: String) throws(SystemError) -> Glibc.stat {
        var info = Glibc.stat()
        _ = try retrying("stat", path) { () -> Int32 in PathName.withCString(path) { stat($0, &info) } }
        return info
    }

    static func status(of fd: Int32, path: String) throws(SystemError) -> Glibc.stat {
        var info = Glibc.stat()
        _ = try retrying("fstat", path) { () -> Int32 in fstat(fd, &info) }
        return info
    }

    static func pread(
        _ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: UInt64, path: String
    )
        throws(SystemError) -> Int
    {
        try retrying("read", path) { Glibc.pread(fd, buffer, count, off_t(offset)) }
    }

    /// Closes a descriptor; `EINTR` on close leaves it closed on Linux, so it is not retried.
    static func close(_ fd: Int32) {
        let result = Glibc.close(fd)
        precondition(result == 0 || Glibc.errno != EBADF, "close: bad file descriptor \(fd)")
    }
}
