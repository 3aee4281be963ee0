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

    /// What `accept` found.
    package enum Accepted: Sendable {
        /// A connection, and its peer's address (`"127.0.0.1"`, `"::1"`; "" when unknown).
        case connection(fd: Int32, peer: String)
        /// None pending.
        case none
        /// Out of descriptors or memory (`EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`): the
        /// listener stays readable, so the caller must back off instead of trying again at once.
        case exhausted(String)
        /// Another failure, by its text.
        case failed(String)
    }

    /// Accepts one connection, non-blocking and close-on-exec from the start (`accept4`).
    package static func accept(_ listener: Int32) -> Accepted {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    csystem_accept4(
                        listener, $0, &length, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
                }
            }
            if fd >= 0 {
                // Responses are written whole: waiting for ACKs (Nagle) only adds latency.
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return .connection(fd: fd, peer: address(storage))
            }
            let code = errno
            switch code {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return .none
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(errorText(code))
            default: return .failed(errorText(code))
            }
        }
    }

    /// The numeric host of a socket address.
    private static func address(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let ok = withUnsafePointer(to: &storage) { pointer -> Bool in
            switch family {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil
                }
            default: return false
            }
        }
        guard ok else { return "" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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

    /// A pipe whose write end wakes a `poll` on its read end (both close-on-exec and
    /// non-blocking: a wake never blocks on a full pipe, a drain never waits).
    package static func wakePipe() throws(ServerError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard csystem_pipe2(&fds, O_CLOEXEC | O_NONBLOCK) == 0 else {
            throw ServerError(address: "wake pipe", reason: errorText(errno))
        }
        return (fds[0], fds[1])
    }

    /// Reads whatever a wake pipe holds, so that `poll` waits again.
    package static func drain(_ fd: Int32) {
        var bytes = [UInt8](repeating: 0, count: 256)
        while Glibc.read(fd, &bytes, bytes.count) > 0 {}
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
