package import UsageIngest
package import UsageModel
package import UsageSystem

/// Saving and restoring the ledger and the sources through a ``StateStore``.
package struct StatePersistence: Sendable {
    package let store: StateStore
    package let saveIntervalMillis: Int64
    package let logger: Logger

    package init(store: StateStore, saveIntervalMillis: Int64, logger: Logger) {
        self.store = store
        self.saveIntervalMillis = saveIntervalMillis
        self.logger = logger
    }

    /// The saved ledger (at `template`'s prices and cost mode), with `sources` restored in place; nil when there is no usable state
    /// (then the sources must be made afresh and the files read from their start).
    /// - Parameter readOnly: leave an unusable state file where it is (for reports, which run
    ///   beside the exporter that owns it).
    package func restore(
        into sources: [any UsageSource], like template: UsageLedger, readOnly: Bool = false
    ) -> UsageLedger? {
        let bytes: [UInt8]
        do {
            guard let saved = try store.load() else {
                logger.info("no saved state yet; reading the files from their start", ["path": store.path])
                return nil
            }
            bytes = saved
        } catch {
            logger.error(
                "cannot read the saved state; reading the files from their start", ["error": error.description])
            return nil
        }
        do {
            var reader = StateReader(try StateStore.unwrap(bytes))
            var ledger = try UsageLedger.decode(from: &reader, prices: template.prices, costMode: template.costMode)
            ledger.lastPriceLoadSuccessful = template.lastPriceLoadSuccessful
            let count = try reader.readCount(minimumItemBytes: 12)
            for _ in 0..<count {
                let name = try reader.readString()
                var section = StateReader(try reader.readBlob())
                try sources.first(where: { $0.name == name })?.restoreState(from: &section)
            }
            // Saved while a model had no price, which this build or price file may have now.
            PriceReloader.log(ledger.priceAwaitingRequests(), logger)
            let counters = ledger.counters
            logger.info(
                "continuing from the saved state",
                ["path": store.path, "series": "\(counters.seriesKeys.count)", "requests": "\(counters.dedupEntries)"])
            return ledger
        } catch {
            if readOnly {
                logger.warn("the saved state cannot be used; reading the files", ["reason": error.description])
                return nil
            }
            let aside = store.moveAside(now: Clock.realtimeMillis() / 1000)
            logger.warn(
                "the saved state cannot be used; moved aside, reading the files from their start",
                ["reason": error.description, "moved_to": aside])
            return nil
        }
    }

    /// Saves the ledger and every source's position together, at a poll boundary.
    func save(_ ledger: UsageLedger, _ sources: [any UsageSource]) {
        var writer = StateWriter()
        ledger.encode(into: &writer)
        writer.write(sources.count)
        for source in sources {
            writer.write(source.name)
            var section = StateWriter()
            source.encodeState(into: &section)
            writer.write(blob: section.bytes)
        }
        do {
            try store.save(writer.bytes)
        } catch {
            logger.error("cannot save the state", ["error": error.description])
        }
    }
}
