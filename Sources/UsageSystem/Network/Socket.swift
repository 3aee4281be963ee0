import CSystem
import Glibc

/// The socket system calls, in one place: `EINTR` retried, `EAGAIN` reported as nil,
/// close-on-exec everywhere, sends with `MSG_NOSIGNAL`.
package enum Socket {
    static func errorText(_ code: Int32) -> String { SystemError.text(code) }

    /// A non-blocking listening socket bound to `address`, and the port actually bound.
    package static func listen(_ address: ListenAddress) throws(ServerError) -> (fd: Int32, port: UInt16) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let host: String? = address.host.isEmpty ? nil : address.host
        let status = getaddrinfo(host, String(address.port), &hints, &result)
        guard status == 0, let first = result else {
            throw ServerError(address: address.description, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }
        // With no host, prefer the IPv6 wildcard (dual-stack) when the system offers it.
        var chosen = first
        if host == nil {
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let candidate = cursor {
                if candidate.pointee.ai_family == AF_INET6 { chosen = candidate; break }
                cursor = candidate.pointee.ai_next
            }
        }
        let info = chosen.pointee
        let fd = socket(
            info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
            info.ai_protocol)
        guard fd >= 0 else { throw ServerError(address: address.description, reason: errorText(errno)) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if info.ai_family == AF_INET6, host == nil {
            var zero: Int32 = 0
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        }
        guard bind(fd, info.ai_addr, info.ai_addrlen) == 0, Glibc.listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw ServerError(address: address.description, reason: errorText(code))
        }
        return (fd, boundPort(fd))
    }

    package static func boundPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return 0 }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                UInt16(bigEndian: $0.pointee.sin_port)
            }
        }
    }

    /// Accepts one connection, non-blocking and close-on-exec from the start (`accept4`); nil
    /// when none is pending.
    package static func accept(_ listener: Int32) -> Int32? {
        while true {
            let fd = csystem_accept4(listener, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
            if fd >= 0 {
                // Responses are written whole: waiting for ACKs (Nagle) only adds latency.
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    package static func close(_ fd: Int32) { SystemCall.close(fd) }

    /// What a socket is waited for, and what `poll` found.
    package struct PollEntry: Sendable {
        package var fd: Int32
        package var wantsWrite: Bool
        /// Readable, writable, hung up or in error: something to do.
        package var ready = false
        /// Readable (or hung up: a read then says so).
        package var readable = false

        package init(fd: Int32, wantsWrite: Bool = false) {
            self.fd = fd
            self.wantsWrite = wantsWrite
        }
    }

    /// Waits up to `timeoutMillis` for any entry to be ready; a failure other than `EINTR` is
    /// returned as its text (the caller logs it and polls again).
    package static func poll(_ entries: inout [PollEntry], timeoutMillis: Int32) -> String? {
        var fds = entries.map {
            pollfd(fd: $0.fd, events: Int16($0.wantsWrite ? POLLOUT : POLLIN), revents: 0)
        }
        let ready = Glibc.poll(&fds, nfds_t(fds.count), timeoutMillis)
        if ready < 0 { return errno == EINTR ? nil : errorText(errno) }
        for index in entries.indices {
            entries[index].ready = fds[index].revents != 0
            entries[index].readable = fds[index].revents & Int16(POLLIN) != 0
        }
        return nil
    }

    /// A pipe whose write end wakes a `poll` on its read end (both close-on-exec).
    package static func wakePipe() throws(ServerError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw ServerError(address: "wake pipe", reason: errorText(errno)) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// Writes one byte to a wake pipe.
    package static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    package enum IOResult {
        case bytes(Int)
        case wouldBlock
        case closed
    }

    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
        }
    }

    package static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .bytes(count) }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
        }
    }

    /// Sends from several buffers in one call (`sendmsg` with an iovec each), so a response's
    /// head and body parts leave together without being copied into one buffer.
    package static func send(_ fd: Int32, parts: [UnsafeRawBufferPointer]) -> IOResult {
        var vectors = parts.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        while true {
            let count = vectors.withUnsafeMutableBufferPointer { vectors -> Int in
                var message = msghdr()
                message.msg_iov = vectors.baseAddress
                message.msg_iovlen = vectors.count
                return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 { return .bytes(count) }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
        }
    }

}
