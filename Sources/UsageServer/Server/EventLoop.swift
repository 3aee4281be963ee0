import UsageSystem

/// The server's loop, owned by its one thread: listeners, connections, deadlines.
struct EventLoop {
    let configuration: HTTPServer.Configuration
    let listeners: [Int32]
    let wakeRead: Int32
    let handler: HTTPServer.Handler
    let log: @Sendable (String) -> Void
    private var connections: [Int32: Connection] = [:]
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    init(
        configuration: HTTPServer.Configuration, listeners: [Int32], wakeRead: Int32,
        handler: @escaping HTTPServer.Handler,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.configuration = configuration
        self.listeners = listeners
        self.wakeRead = wakeRead
        self.handler = handler
        self.log = log
    }

    mutating func run() {
        defer {
            for fd in connections.keys { Socket.close(fd) }
            for fd in listeners { Socket.close(fd) }
            Socket.close(wakeRead)
        }
        while true {
            var fds = [Socket.PollEntry(fd: wakeRead)]
            for fd in listeners { fds.append(Socket.PollEntry(fd: fd)) }
            let order = Array(connections.keys)
            for fd in order {
                let writing: Bool
                switch connections[fd]!.phase {
                case .reading: writing = false
                case .writing: writing = true
                }
                fds.append(Socket.PollEntry(fd: fd, wantsWrite: writing))
            }
            let now = Clock.monotonicMillis()
            let nearest = connections.values.map(\.deadline).min() ?? now + 1000
            let timeout = Int32(clamping: max(0, min(1000, nearest - now)))
            if let failure = Socket.poll(&fds, timeoutMillis: timeout) { log("poll failed: \(failure)") }
            if fds[0].ready { return }
            for (offset, fd) in listeners.enumerated() where fds[1 + offset].readable {
                acceptAll(fd)
            }
            for (offset, fd) in order.enumerated() where fds[1 + listeners.count + offset].ready {
                service(fd)
            }
            expire(now: Clock.monotonicMillis())
        }
    }

    private mutating func acceptAll(_ listener: Int32) {
        while let fd = Socket.accept(listener) {
            if connections.count >= configuration.maxConnections, !evictIdlest() {
                // Every slot is serving a request: a best-effort 503 without reading, then close.
                let response = HTTPResponse.text(503, "too many concurrent requests\n").serialized(
                    keepAlive: false, includeBody: true)
                _ = response.withUnsafeBytes { Socket.send(fd, $0) }
                Socket.close(fd)
                continue
            }
            connections[fd] = Connection(fd: fd, deadline: Clock.monotonicMillis() + configuration.readTimeoutMillis)
        }
    }

    /// Frees a slot held by a connection that is only waiting (idle keep-alive, or a request
    /// head trickling in, as slowloris does), the one nearest its deadline, so that slow or
    /// idle clients can never lock a real scrape out. False when every slot is writing a response.
    private mutating func evictIdlest() -> Bool {
        var chosen: (fd: Int32, deadline: Int64)?
        for (fd, connection) in connections {
            guard case .reading = connection.phase else { continue }
            if chosen == nil || connection.deadline < chosen!.deadline { chosen = (fd, connection.deadline) }
        }
        guard let chosen else { return false }
        if connections[chosen.fd]?.input.isEmpty == false {
            let response = HTTPResponse.text(408, "request timeout\n").serialized(keepAlive: false, includeBody: true)
            _ = response.withUnsafeBytes { Socket.send(chosen.fd, $0) }
        }
        drop(chosen.fd)
        return true
    }

    private mutating func service(_ fd: Int32) {
        guard var connection = connections[fd] else { return }
        switch connection.phase {
        case .reading:
            let result = scratch.withUnsafeMutableBytes { Socket.receive(fd, into: $0) }
            switch result {
            case .wouldBlock:
                return
            case .closed:
                drop(fd)
                return
            case .bytes(let count):
                if connection.input.isEmpty {
                    connection.deadline = Clock.monotonicMillis() + configuration.readTimeoutMillis
                }
                connection.input.append(contentsOf: scratch[0..<count])
                process(&connection)
            }
        case .writing:
            flush(&connection)
        }
        if connections[fd] != nil { connections[fd] = connection }
    }

    /// Parses buffered requests and starts the response to the first complete one.
    private mutating func process(_ connection: inout Connection) {
        do {
            guard let (request, length) = try HTTPRequestParser.parse(connection.input[...]) else { return }
            connection.input.removeFirst(length)
            let response = handler(request)
            let keepAlive = request.keepAlive
            connection.output = response.serializedParts(keepAlive: keepAlive, includeBody: request.method != "HEAD")
            connection.phase = .writing(keepAlive: keepAlive)
        } catch {
            connection.input.removeAll()
            connection.output = HTTPResponse.text(error.status, error.message).serializedParts(
                keepAlive: false, includeBody: true)
            connection.phase = .writing(keepAlive: false)
        }
        connection.part = 0
        connection.written = 0
        connection.deadline = Clock.monotonicMillis() + configuration.writeTimeoutMillis
        flush(&connection)
    }

    private mutating func flush(_ connection: inout Connection) {
        while connection.part < connection.output.count {
            if connection.written == connection.output[connection.part].count {
                connection.part += 1
                connection.written = 0
                continue
            }
            let result = Self.sendParts(
                connection.fd, connection.output[connection.part...], skipping: connection.written)
            switch result {
            case .bytes(var count):
                // Advance through the parts the kernel took.
                while count > 0 {
                    let left = connection.output[connection.part].count - connection.written
                    if count < left {
                        connection.written += count
                        count = 0
                    } else {
                        count -= left
                        connection.part += 1
                        connection.written = 0
                    }
                }
            case .wouldBlock: return
            case .closed:
                drop(connection.fd)
                return
            }
        }
        guard case .writing(let keepAlive) = connection.phase, keepAlive else {
            drop(connection.fd)
            return
        }
        connection.output = []
        connection.part = 0
        connection.written = 0
        connection.phase = .reading
        connection.deadline =
            Clock.monotonicMillis()
            + (connection.input.isEmpty ? configuration.idleTimeoutMillis : configuration.readTimeoutMillis)
        // A pipelined request may already be buffered.
        if !connection.input.isEmpty { process(&connection) }
    }

    /// One `sendmsg` over the remaining parts (at most 8 at a time), the first from `skipping`.
    private static func sendParts(_ fd: Int32, _ parts: ArraySlice<[UInt8]>, skipping: Int) -> Socket.IOResult {
        let chosen = Array(parts.prefix(8))
        func nest(_ index: Int, _ pointers: [UnsafeRawBufferPointer]) -> Socket.IOResult {
            if index == chosen.count { return Socket.send(fd, parts: pointers) }
            return chosen[index].withUnsafeBytes { bytes in
                let slice = index == 0 ? UnsafeRawBufferPointer(rebasing: bytes[skipping...]) : bytes
                return nest(index + 1, pointers + [slice])
            }
        }
        return nest(0, [])
    }

    private mutating func expire(now: Int64) {
        for (fd, connection) in connections where connection.deadline <= now {
            if case .reading = connection.phase, !connection.input.isEmpty {
                let response = HTTPResponse.text(408, "request timeout\n").serialized(
                    keepAlive: false, includeBody: true)
                _ = response.withUnsafeBytes { Socket.send(fd, $0) }
            }
            drop(fd)
        }
    }

    private mutating func drop(_ fd: Int32) {
        if connections.removeValue(forKey: fd) != nil { Socket.close(fd) }
    }
}
