import UsageSystem

/// The server's loop, owned by its one thread: listeners, connections, deadlines.
///
/// What a client may hold is bounded: a slot (reclaimed from idle connections and stalled
/// writers when a new one needs it), a request head, one response at a time (closed when it
/// is not taken within the write timeout), a few pipelined requests, and a place in the
/// workers' queue for a deferred response.
struct EventLoop {
    let configuration: HTTPServer.Configuration
    let listeners: [Int32]
    let wakeRead: Int32
    let handler: HTTPServer.Handler
    let log: @Sendable (String) -> Void
    private let completionRead: Int32
    private let completions: Completions
    private let pool: WorkerPool
    private var connections: [Int32: Connection] = [:]
    private var serial: UInt64 = 0
    /// Listeners are not polled before this time (after `EMFILE`: accepting again at once spins).
    private var listenersPausedUntil: Int64 = 0
    private var lastExhaustionLog: Int64 = -60_000
    private var lastHandshakeLog: Int64 = -60_000
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    init(
        configuration: HTTPServer.Configuration, listeners: [Int32], wakeRead: Int32,
        completionPipe: (read: Int32, write: Int32), handler: @escaping HTTPServer.Handler,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.configuration = configuration
        self.listeners = listeners
        self.wakeRead = wakeRead
        self.handler = handler
        self.log = log
        completionRead = completionPipe.read
        completions = Completions(wakeWrite: completionPipe.write)
        pool = WorkerPool(workers: configuration.workers, queued: configuration.workerQueue)
    }

    /// Runs until the wake pipe is written.
    mutating func run() {
        defer {
            for fd in connections.keys { Socket.close(fd) }
            for fd in listeners { Socket.close(fd) }
            Socket.close(wakeRead)
            Socket.close(completionRead)
        }
        while true {
            let now = Clock.monotonicMillis()
            let listening = now >= listenersPausedUntil
            var fds = [Socket.PollEntry(fd: wakeRead), Socket.PollEntry(fd: completionRead)]
            if listening {
                for fd in listeners { fds.append(Socket.PollEntry(fd: fd)) }
            }
            let first = fds.count
            var order: [Int32] = []
            // Requests OpenSSL has already taken off the socket: poll() cannot see them.
            var buffered: [Int32] = []
            for (fd, connection) in connections {
                guard let write = connection.pollsForWrite else { continue }
                fds.append(Socket.PollEntry(fd: fd, wantsWrite: write))
                order.append(fd)
                if case .reading = connection.phase, connection.tls?.hasPending == true { buffered.append(fd) }
            }
            var nearest = connections.values.map(\.deadline).min() ?? now + 1000
            if !listening { nearest = min(nearest, listenersPausedUntil) }
            let timeout = buffered.isEmpty ? Int32(clamping: max(0, min(1000, nearest - now))) : 0
            if let failure = Socket.poll(&fds, timeoutMillis: timeout) { log("poll failed: \(failure)") }
            if fds[0].ready { return }
            if fds[1].ready {
                Socket.drain(completionRead)
                for completion in completions.take() { finish(completion) }
            }
            if listening {
                for (offset, fd) in listeners.enumerated() where fds[2 + offset].readable {
                    acceptAll(fd)
                }
            }
            for (offset, fd) in order.enumerated() where fds[first + offset].ready {
                service(fd)
            }
            for fd in buffered { service(fd) }
            expire(now: Clock.monotonicMillis())
        }
    }

    private mutating func acceptAll(_ listener: Int32) {
        while true {
            switch Socket.accept(listener) {
            case .none:
                return
            case .failed(let reason):
                // Not a client's doing and maybe lasting: logged once a minute, retried shortly.
                let now = Clock.monotonicMillis()
                if now - lastExhaustionLog >= 60_000 {
                    log("accept failed: \(reason)")
                    lastExhaustionLog = now
                }
                listenersPausedUntil = now + 100
                return
            case .exhausted(let reason):
                // The pending connection stays queued and the listener readable: shed the
                // idlest connection for it and listen again shortly, instead of spinning.
                let now = Clock.monotonicMillis()
                if now - lastExhaustionLog >= 60_000 {
                    log("accept failed: \(reason); shedding the idlest connection and pausing for 100 ms")
                    lastExhaustionLog = now
                }
                _ = evict(now: now)
                listenersPausedUntil = now + 100
                return
            case .connection(let fd, let peer):
                let now = Clock.monotonicMillis()
                if connections.count >= configuration.maxConnections, !evict(now: now) {
                    // Every slot is busy serving: a best-effort 503 without reading, then close
                    // (over https, only the close: the client has not even said hello).
                    if configuration.tls == nil {
                        let response = HTTPResponse.text(503, "too many concurrent requests\n").serialized(
                            keepAlive: false, includeBody: true)
                        _ = response.withUnsafeBytes { Socket.send(fd, $0) }
                    }
                    Socket.close(fd)
                    continue
                }
                var session: TLSServerSession?
                if let tls = configuration.tls {
                    session = tls.session(fd: fd, log: log)
                    if session == nil {
                        Socket.close(fd)
                        continue
                    }
                }
                serial &+= 1
                connections[fd] = Connection(
                    fd: fd, serial: serial, peer: peer, tls: session, now: now,
                    deadline: now + configuration.readTimeoutMillis)
            }
        }
    }

    /// Frees a slot so that slow, idle or hostile clients can never lock a real scrape out:
    /// first one only waiting for a request (idle keep-alive, or a head trickling in as
    /// slowloris does), the one nearest its deadline; else a writer whose client has taken
    /// nothing for a while, the one that has waited longest. False when every slot is working.
    private mutating func evict(now: Int64) -> Bool {
        var chosen: (fd: Int32, deadline: Int64)?
        for (fd, connection) in connections where connection.isReading {
            if chosen == nil || connection.deadline < chosen!.deadline { chosen = (fd, connection.deadline) }
        }
        if let chosen {
            if let connection = connections[chosen.fd], !connection.input.isEmpty { sendTimeout(connection) }
            drop(chosen.fd)
            return true
        }
        var stalled: (fd: Int32, since: Int64)?
        for (fd, connection) in connections where connection.stalled(now: now, millis: configuration.stallMillis) {
            if stalled == nil || connection.lastProgress < stalled!.since { stalled = (fd, connection.lastProgress) }
        }
        guard let stalled else { return false }
        drop(stalled.fd)
        return true
    }

    private mutating func service(_ fd: Int32) {
        guard var connection = connections[fd] else { return }
        switch connection.phase {
        case .handshaking:
            guard let tls = connection.tls else { return }
            switch tls.handshake() {
            case .pending:
                return
            case .done:
                let now = Clock.monotonicMillis()
                connection.phase = .reading
                connection.lastProgress = now
                connection.deadline = now + configuration.readTimeoutMillis
            case .plainHTTP:
                // As Go's servers answer it.
                let response = HTTPResponse.text(400, "Client sent an HTTP request to an HTTPS server.\n").serialized(
                    keepAlive: false, includeBody: true)
                _ = response.withUnsafeBytes { Socket.send(fd, $0) }
                drop(fd)
                return
            case .failed(let reason):
                let now = Clock.monotonicMillis()
                if now - lastHandshakeLog >= 10_000 {
                    log("TLS handshake with \(connection.peer) failed: \(reason)")
                    lastHandshakeLog = now
                }
                drop(fd)
                return
            }
        case .reading:
            let result = scratch.withUnsafeMutableBytes {
                connection.tls?.read(into: $0) ?? Socket.receive(fd, into: $0)
            }
            switch result {
            case .wouldBlock:
                return
            case .closed:
                drop(fd)
                return
            case .bytes(let count):
                let now = Clock.monotonicMillis()
                if connection.input.isEmpty {
                    connection.deadline = now + configuration.readTimeoutMillis
                    connection.pipelined = 0
                }
                connection.lastProgress = now
                connection.input.append(contentsOf: scratch[0..<count])
                process(&connection)
            }
        case .writing:
            flush(&connection)
        case .waiting:
            return
        }
        if connections[fd] != nil { connections[fd] = connection }
    }

    /// Parses buffered requests and starts the response to the first complete one.
    private mutating func process(_ connection: inout Connection) {
        do {
            guard let (parsed, length) = try HTTPRequestParser.parse(connection.input[...]) else { return }
            var request = parsed
            connection.input.removeFirst(length)
            request.clientAddress = connection.peer
            if !connection.input.isEmpty { connection.pipelined += 1 }
            // Past the window, this answer is the last one on the connection.
            let keepAlive = request.keepAlive && connection.pipelined < configuration.pipelineWindow
            let includeBody = request.method != "HEAD"
            let response = handler(request)
            if let work = response.deferred {
                let (completions, fd, serial) = (completions, connection.fd, connection.serial)
                let queued = pool.submit {
                    completions.post(.init(fd: fd, serial: serial, response: work()))
                }
                if queued {
                    connection.phase = .waiting(keepAlive: keepAlive, includeBody: includeBody)
                    connection.deadline = Clock.monotonicMillis() + configuration.writeTimeoutMillis
                    return
                }
                let busy = HTTPResponse.text(503, "busy: too many requests waiting\n", headers: [("Retry-After", "1")])
                start(busy, keepAlive: false, includeBody: includeBody, on: &connection)
                return
            }
            start(response, keepAlive: keepAlive, includeBody: includeBody, on: &connection)
        } catch {
            connection.input.removeAll()
            start(
                HTTPResponse.text(error.status, error.message), keepAlive: false, includeBody: true, on: &connection)
        }
    }

    /// Sends a worker's response, if its connection is still the one that asked.
    private mutating func finish(_ completion: Completions.Completion) {
        guard var connection = connections[completion.fd], connection.serial == completion.serial,
            case .waiting(let keepAlive, let includeBody) = connection.phase
        else { return }
        start(completion.response, keepAlive: keepAlive, includeBody: includeBody, on: &connection)
        if connections[completion.fd] != nil { connections[completion.fd] = connection }
    }

    private mutating func start(
        _ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, on connection: inout Connection
    ) {
        connection.output = response.serializedParts(keepAlive: keepAlive, includeBody: includeBody)
        connection.phase = .writing(keepAlive: keepAlive)
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
            let result: Socket.IOResult
            if let tls = connection.tls {
                result = connection.output[connection.part].withUnsafeBytes { [written = connection.written] in
                    tls.write(UnsafeRawBufferPointer(rebasing: $0[written...]))
                }
            } else {
                result = Self.sendParts(
                    connection.fd, connection.output[connection.part...], skipping: connection.written)
            }
            switch result {
            case .bytes(var count):
                connection.lastProgress = Clock.monotonicMillis()
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
            if case .reading = connection.phase, !connection.input.isEmpty { sendTimeout(connection) }
            drop(fd)
        }
    }

    /// A best-effort 408 to a client whose request head did not arrive in time.
    private func sendTimeout(_ connection: Connection) {
        let response = HTTPResponse.text(408, "request timeout\n").serialized(keepAlive: false, includeBody: true)
        _ = response.withUnsafeBytes { connection.tls?.write($0) ?? Socket.send(connection.fd, $0) }
    }

    private mutating func drop(_ fd: Int32) {
        guard let connection = connections.removeValue(forKey: fd) else { return }
        connection.tls?.shutdown()
        Socket.close(fd)
    }
}
