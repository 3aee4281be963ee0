package import UsageSystem

extension HTTPServer {
    /// Bounds and timeouts; every one of them protects the exporter from a bad client.
    package struct Configuration: Sendable {
        package var addresses: [ListenAddress]
        /// Listening sockets passed in (systemd socket activation), served instead of `addresses`.
        package var inheritedListeners: [Int32] = []
        /// https with these certificates (`tls_server_config`); nil for plain HTTP.
        package var tls: TLSServerContext?
        /// Open connections served at once (`--web.max-requests`). When every slot is taken, a
        /// new connection takes the slot of an idle one or of a writer that has stalled; else 503.
        package var maxConnections: Int
        /// Time allowed to send a complete request head.
        package var readTimeoutMillis: Int64
        /// Time a kept-alive connection may sit idle.
        package var idleTimeoutMillis: Int64
        /// Time allowed for a client to take a whole response; then the connection is closed.
        package var writeTimeoutMillis: Int64
        /// A writer that took nothing for this long may lose its slot to a new connection.
        package var stallMillis: Int64
        /// Requests answered back to back from one client's buffered bytes before the
        /// connection is closed after the last of them (a client may pipeline, not hoard).
        package var pipelineWindow: Int
        /// Threads for deferred work (bcrypt checks), and how many more may wait for one.
        package var workers: Int
        package var workerQueue: Int

        package init(
            addresses: [ListenAddress], maxConnections: Int = 40, readTimeoutMillis: Int64 = 10_000,
            idleTimeoutMillis: Int64 = 60_000, writeTimeoutMillis: Int64 = 10_000, stallMillis: Int64 = 500,
            pipelineWindow: Int = 4, workers: Int = 2, workerQueue: Int = 16
        ) {
            self.addresses = addresses
            self.maxConnections = maxConnections
            self.readTimeoutMillis = readTimeoutMillis
            self.idleTimeoutMillis = idleTimeoutMillis
            self.writeTimeoutMillis = writeTimeoutMillis
            self.stallMillis = stallMillis
            self.pipelineWindow = pipelineWindow
            self.workers = workers
            self.workerQueue = workerQueue
        }
    }
}
