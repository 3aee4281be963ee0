import UsageModel
package import UsageServer
import UsageSystem

/// A started exporter: its bound ports, its snapshots, and the way to stop it.
package struct RunningExporter: Sendable {
    package let ingestor: Ingestor
    package let server: HTTPServer
    /// The ports bound, in `--web.listen-address` order (the real one where 0 was asked).
    package let ports: [UInt16]
    /// The state folder's lock, released once the last save is done.
    let stateLock: StateLock?

    package var store: SnapshotStore { ingestor.store }

    /// Applies what can change while running from `exporter`'s options (a SIGHUP: the
    /// configuration and price files read again) and says what changed.
    package func reload(from old: ExporterOptions, to exporter: Exporter) -> ConfigurationReload {
        ingestor.reload(viewSettings: exporter.viewSettings, prices: exporter.priceSources)
        return ConfigurationReload(from: old, to: exporter.options)
    }

    /// Stops serving first, then ingesting (which saves the state), then releases the state
    /// lock; false when ingestion did not end in time (the lock is then held until the process ends).
    @discardableResult
    package func stop(timeoutMillis: Int = 10_000) -> Bool {
        server.stop()
        guard ingestor.stop(timeoutMillis: timeoutMillis) else { return false }
        stateLock?.release()
        return true
    }
}
