import Glibc
public import UsageModel
public import UsageServer

/// A started exporter: its bound ports, its snapshots, and the way to stop it.
public struct RunningExporter: Sendable {
    public let ingestor: Ingestor
    public let server: HTTPServer
    /// The ports bound, in `--web.listen-address` order (the real one where 0 was asked).
    public let ports: [UInt16]
    /// The state folder's lock, released once the last save is done.
    let stateLock: Int32?

    public var store: SnapshotStore { ingestor.store }

    /// Stops serving first, then ingesting (which saves the state), then releases the state lock.
    public func stop() {
        server.stop()
        ingestor.stop()
        if let stateLock { close(stateLock) }
    }
}
