import Glibc

/// A failed system call: which call, on what path, and `strerror`'s text.
package struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    package var call: String
    package var path: String
    package var errno: Int32

    package init(call: String, path: String, errno: Int32) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    package var description: String {
        "cannot \(call) \(path): \(String(cString: strerror(errno)))"
    }

    /// Permission problems are reported apart from other failures.
    package var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }

    package var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }
}

/// The one funnel for file system calls: retries `EINTR`, turns `-1` into a ``SystemError``.
enum SystemCall {
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ call: String, _ path: String, _ body: () -> T) throws(SystemError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(call: call, path: path, errno: code)
        }
    }

    static func open(_ path: String) throws(SystemError) -> Int32 {
        try retrying("open", path) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
    }

    static func status(_ path: String) throws(SystemError) -> Glibc.stat {
        var info = Glibc.stat()
        _ = try retrying("stat", path) { () -> Int32 in stat(path, &info) }
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
}
