import UsageSystem

/// One client connection of the event loop.
struct Connection {
    enum Phase {
        /// Waiting for the client's side of the TLS handshake.
        case handshaking
        /// Waiting for (the rest of) a request head.
        case reading
        /// Waiting for a worker's response to the request read (not polled).
        case waiting(keepAlive: Bool, includeBody: Bool)
        /// Sending `output`; then close, or read the next request.
        case writing(keepAlive: Bool)
    }

    let fd: Int32
    /// Tells this connection from a later one given the same descriptor.
    let serial: UInt64
    let peer: String
    /// The connection's TLS, when the server serves https.
    let tls: TLSServerSession?
    var phase: Phase
    var input: [UInt8] = []
    /// The response being sent, in parts; `part` and `written` say how far.
    var output: [[UInt8]] = []
    var part = 0
    var written = 0
    /// Monotonic time after which the connection is closed (408 if a request was under way).
    var deadline: Int64
    /// Monotonic time the client last sent bytes or took some of a response.
    var lastProgress: Int64
    /// Requests answered from bytes already buffered, since the client last sent a request
    /// into an empty buffer: past the pipelining window the connection is closed.
    var pipelined = 0

    init(fd: Int32, serial: UInt64, peer: String, tls: TLSServerSession?, now: Int64, deadline: Int64) {
        self.fd = fd
        self.serial = serial
        self.peer = peer
        self.tls = tls
        phase = tls == nil ? .reading : .handshaking
        self.deadline = deadline
        lastProgress = now
    }

    /// Polled for: what TLS waits for, else what the phase needs; nil while a worker has it.
    var pollsForWrite: Bool? {
        switch phase {
        case .waiting: nil
        case .handshaking, .reading: tls?.want == .write
        case .writing: tls?.want != .read
        }
    }

    /// Not yet sent a complete request: idle, or a head (or handshake) on its way.
    var isReading: Bool {
        switch phase {
        case .handshaking, .reading: true
        case .waiting, .writing: false
        }
    }

    /// A writer that took nothing of its response for `millis`: its slot may be reclaimed.
    func stalled(now: Int64, millis: Int64) -> Bool {
        guard case .writing = phase else { return false }
        return now - lastProgress >= millis
    }
}
