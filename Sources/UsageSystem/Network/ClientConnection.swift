import Glibc

/// A client's TCP connection, plain or TLS, on a blocking socket whose every read and write
/// waits at most for the time left before one deadline: a server that stalls, or trickles,
/// cannot hold the caller past it.
package final class ClientConnection {
    private let fd: Int32
    private var tls: TLSSession?
    /// The URL being fetched, for errors.
    private let url: String
    private let deadline: Int64
    private let timeoutSeconds: Double

    /// Resolves the host, connects to the first address that answers, and starts TLS for https;
    /// `deadline` is in ``Clock/monotonicMillis()`` time, `timeoutSeconds` what errors say of it.
    package init(
        host: String, port: UInt16, secure: Bool, url: String, deadline: Int64, timeoutSeconds: Double
    ) throws(ConnectionError) {
        self.url = url
        self.deadline = deadline
        self.timeoutSeconds = timeoutSeconds
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .resolve(url: url, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32?
        while let candidate = cursor, connected == nil {
            cursor = candidate.pointee.ai_next
            switch ClientConnection.connect(candidate.pointee, deadline: deadline) {
            case .success(let fd): connected = fd
            case .failure(let reason): lastError = reason
            }
        }
        guard let fd = connected else {
            if Clock.monotonicMillis() >= deadline { throw .timedOut(url: url, seconds: timeoutSeconds) }
            throw .connect(url: url, reason: lastError)
        }
        self.fd = fd
        if secure {
            try armTimer()
            do {
                tls = try TLSSession(fd: fd, host: host, url: url)
            } catch {
                throw timedOutIfLate(error)
            }
        }
    }

    private enum Attempt {
        case success(Int32)
        case failure(String)
    }

    /// A non-blocking connect waited for with `poll`, then the socket made blocking again.
    private static func connect(_ info: addrinfo, deadline: Int64) -> Attempt {
        let fd = socket(
            info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
            info.ai_protocol)
        guard fd >= 0 else { return .failure(Socket.errorText(errno)) }
        var result = Glibc.connect(fd, info.ai_addr, info.ai_addrlen)
        if result != 0, errno == EINPROGRESS {
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            repeat {
                result = poll(&entry, 1, Int32(clamping: max(0, deadline - Clock.monotonicMillis())))
            } while result < 0 && errno == EINTR
            guard result > 0 else {
                SystemCall.close(fd)
                return .failure(result == 0 ? "timed out" : Socket.errorText(errno))
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else {
                SystemCall.close(fd)
                return .failure(Socket.errorText(code))
            }
        } else if result != 0 {
            let code = errno
            SystemCall.close(fd)
            return .failure(Socket.errorText(code))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(fd)
    }

    /// Sets the socket's read and write timeouts to the time left.
    private func armTimer() throws(ConnectionError) {
        let left = deadline - Clock.monotonicMillis()
        guard left > 0 else { throw .timedOut(url: url, seconds: timeoutSeconds) }
        var time = timeval(tv_sec: Int(left / 1000), tv_usec: Int((left % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    private func timedOutIfLate(_ error: ConnectionError) -> ConnectionError {
        if case .timedOut = error { return .timedOut(url: url, seconds: timeoutSeconds) }
        return Clock.monotonicMillis() >= deadline ? .timedOut(url: url, seconds: timeoutSeconds) : error
    }

    package func write(_ bytes: [UInt8]) throws(ConnectionError) {
        var offset = 0
        while offset < bytes.count {
            try armTimer()
            let result: Result<Int, ConnectionError> = bytes.withUnsafeBytes { raw in
                let part = UnsafeRawBufferPointer(rebasing: raw[offset...])
                if let tls {
                    do throws(ConnectionError) {
                        return .success(try tls.write(part, url: url))
                    } catch {
                        return .failure(error)
                    }
                }
                let sent = send(fd, part.baseAddress, part.count, Int32(MSG_NOSIGNAL))
                if sent >= 0 { return .success(sent) }
                if errno == EINTR { return .success(0) }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    return .failure(.timedOut(url: url, seconds: timeoutSeconds))
                }
                return .failure(.connect(url: url, reason: Socket.errorText(errno)))
            }
            do {
                offset += try result.get()
            } catch {
                throw timedOutIfLate(error)
            }
        }
    }

    /// Bytes read into `buffer`; 0 at the end of the stream.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(ConnectionError) -> Int {
        while true {
            try armTimer()
            if let tls {
                do {
                    return try tls.read(into: buffer, url: url)
                } catch {
                    throw timedOutIfLate(error)
                }
            }
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw .timedOut(url: url, seconds: timeoutSeconds)
            }
            throw .connect(url: url, reason: Socket.errorText(errno))
        }
    }

    deinit {
        tls = nil
        SystemCall.close(fd)
    }
}
