package import UsageSystem

extension HTTPServer {
    /// Bounds and timeouts; every one of them protects the exporter from a bad client.
    package struct Configuration: Sendable {
        package var addresses: [ListenAddress]
        /// Open connections served at once (`--web.max-requests`); more are answered 503.
        package var maxConnections: Int
        /// Time allowed to send a complete request head.
        package var readTimeoutMillis: Int64
        /// Time a kept-alive connection may sit idle.
        package var idleTimeoutMillis: Int64
        /// Time allowed for a client to take a response.
        package var writeTimeoutMillis: Int64

        package init(
            addresses: [ListenAddress], maxConnections: Int = 40, readTimeoutMillis: Int64 = 10_000,
            idleTimeoutMillis: Int64 = 60_000, writeTimeoutMillis: Int64 = 30_000
        ) {
            self.addresses = addresses
            self.maxConnections = maxConnections
            self.readTimeoutMillis = readTimeoutMillis
            self.idleTimeoutMillis = idleTimeoutMillis
            self.writeTimeoutMillis = writeTimeoutMillis
        }
    }
}
