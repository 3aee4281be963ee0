/// One client connection of the event loop.
struct Connection {
    enum Phase {
        /// Waiting for (the rest of) a request head.
        case reading
        /// Sending `output`; then close, or read the next request.
        case writing(keepAlive: Bool)
    }

    let fd: Int32
    var phase = Phase.reading
    var input: [UInt8] = []
    /// The response being sent, in parts; `part` and `written` say how far.
    var output: [[UInt8]] = []
    var part = 0
    var written = 0
    /// Monotonic time after which the connection is closed (408 if a request was under way).
    var deadline: Int64

    init(fd: Int32, deadline: Int64) {
        self.fd = fd
        self.deadline = deadline
    }
}
