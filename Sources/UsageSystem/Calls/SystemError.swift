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
        "cannot \(call) \(PathName.display(path)): \(SystemError.text(errno))"
    }

    /// Not a system error: the path holds something other than a regular file (a FIFO, a device).
    package static let notRegularFile: Int32 = -1

    /// `strerror`'s text for an error number.
    package static func text(_ code: Int32) -> String {
        code == notRegularFile ? "not a regular file" : String(cString: strerror(code))
    }

    /// Permission problems are reported apart from other failures.
    package var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }

    package var isNotFound: Bool { errno == ENOENT || errno == ENOTDIR }

    /// `ENOENT` alone: the path names nothing (a file deleted since it was listed).
    package var isNoSuchFile: Bool { errno == ENOENT }

    /// A symbolic link loop (`ELOOP`).
    package var isLinkLoop: Bool { errno == ELOOP }

    /// The disk or the quota is full (`ENOSPC`, `EDQUOT`).
    package var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }

    /// A read-only file system (`EROFS`).
    package var isReadOnly: Bool { errno == EROFS }

    /// Another process holds the lock (`EWOULDBLOCK`).
    package var isLocked: Bool { errno == EWOULDBLOCK }
}
