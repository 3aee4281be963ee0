public import UsageModel
public import UsageServer

/// A started exporter: its bound ports, its snapshots, and the way to stop it.
public struct RunningExporter: Sendable {
    public let ingestor: Ingestor
    public let server: HTTPServer
    /// The ports bound, in `--web.listen-address` order (the real one where 0 was asked).
    public let ports: [UInt16]

    public var store: SnapshotStore { ingestor.store }

    /// Stops serving first, then ingesting.
    public func stop() {
        server.stop()
        ingestor.stop()
    }
}
