import Glibc

/// Socket activation (`--web.systemd-socket`): the listening sockets systemd passes in, as
/// `sd_listen_fds(3)` describes them: descriptors from 3, `LISTEN_FDS` of them, for the
/// process `LISTEN_PID` names.
package enum SystemdSockets {
    /// The first passed descriptor.
    static let first: Int32 = 3

    /// The passed listening sockets, made non-blocking and close-on-exec, and the variables
    /// unset so that no child takes them; an error naming what is wrong when there are none.
    package static func take(environment: [String: String]) throws(ServerError) -> [Int32] {
        let what = "systemd socket activation"
        guard let pid = environment["LISTEN_PID"].flatMap(Int32.init), pid == getpid() else {
            throw ServerError(
                address: what, reason: "LISTEN_PID is not this process (start it from a .socket unit)")
        }
        guard let count = environment["LISTEN_FDS"].flatMap(Int32.init), count > 0, count < 1024 else {
            throw ServerError(address: what, reason: "LISTEN_FDS names no socket")
        }
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
        var sockets: [Int32] = []
        for fd in first..<(first + count) {
            var listening: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0, listening != 0 else {
                throw ServerError(address: what, reason: "descriptor \(fd) is not a listening socket")
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            sockets.append(fd)
        }
        return sockets
    }
}
