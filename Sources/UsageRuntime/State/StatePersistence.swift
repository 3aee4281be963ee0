package import UsageIngest
package import UsageModel
package import UsageSystem

/// Saving and restoring the ledger and the sources through a ``StateStore``.
package struct StatePersistence: Sendable {
    package let store: StateStore
    /// The folder's lock, checked before every save; nil for readers (reports).
    package let lock: StateLock?
    package let saveIntervalMillis: Int64
    package let logger: Logger

    package init(store: StateStore, lock: StateLock?, saveIntervalMillis: Int64, logger: Logger) {
        self.store = store
        self.lock = lock
        self.saveIntervalMillis = saveIntervalMillis
        self.logger = logger
    }

    /// The tag of a source's section.
    static func sectionTag(_ source: any UsageSource) -> String { "source." + source.name }

    /// Refuses a state a later build wrote (``StateError/newerFormat(_:)``), before anything
    /// reads or writes the folder: it is left as it is.
    package func refuseNewerFormat() throws(StateError) {
        guard let head = FileSystem.head(store.path, count: 12), head.count == 12 else { return }
        do {
            _ = try StateStore.version(of: head)
        } catch {
            if error.isNewerFormat { throw error }
        }
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
            let (version, payload) = try StateStore.unwrap(bytes)
            var ledger: UsageLedger
            if version == 3 {
                var reader = StateReader(payload)
                ledger = try UsageLedger.decodeVersion3(
                    from: &reader, prices: template.prices, costMode: template.costMode)
                let count = try reader.readCount(minimumItemBytes: 12)
                for _ in 0..<count {
                    let name = try reader.readString()
                    var section = StateReader(try reader.readBlob())
                    try sources.first(where: { $0.name == name })?.restoreState(from: &section)
                }
            } else {
                let sections = try StateSections(reading: payload)
                ledger = try UsageLedger.decode(from: sections, prices: template.prices, costMode: template.costMode)
                for source in sources {
                    try sections.read(StatePersistence.sectionTag(source)) { reader throws(StateError) in
                        try source.restoreState(from: &reader)
                    }
                }
            }
            if !template.activityIsComplete {
                ledger.markActivityIncomplete()
            } else if !ledger.activityIsComplete {
                logger.info(
                    "the saved state holds no activity (an earlier build, or it was off); reading the transcripts again once"
                )
                ledger.beginActivityBackfill()
                for source in sources { source.readAgainForActivity() }
            }
            ledger.lastPriceLoadSuccessful = template.lastPriceLoadSuccessful
            ledger.stateSaves = template.stateSaves
            // Saved while a model had no price, which this build or price file may have now.
            PriceReloader.log(ledger.priceAwaitingRequests(), logger)
            let counters = ledger.counters
            logger.info(
                "continuing from the saved state",
                [
                    "path": store.path, "format": "\(version)", "series": "\(counters.seriesKeys.count)",
                    "requests": "\(counters.dedupEntries)",
                ])
            return ledger
        } catch {
            if readOnly || error.isNewerFormat {
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

    /// Saves the ledger and every source's position together, at a poll boundary; the
    /// failure's reason, nil when saved.
    /// Whether the state on disk is still this exporter's and still there (checked before a
    /// save is skipped because nothing was counted since the last one).
    func isOnDisk() -> Bool {
        guard (try? lock?.ensureHeld()) != nil else { return false }
        return FileBytes.fingerprint(store.path) != nil
    }

    func save(_ ledger: UsageLedger, _ sources: [any UsageSource]) -> StateSaveFailureReason? {
        var sections = StateSections()
        ledger.encode(into: &sections)
        for source in sources {
            sections.add(StatePersistence.sectionTag(source)) { source.encodeState(into: &$0) }
        }
        do throws(SystemError) {
            // A deleted folder is made again (and locked again) here.
            try lock?.ensureHeld()
        } catch {
            let reason = error.isLocked ? StateSaveFailureReason.lockLost : StatePersistence.reason(error)
            logger.error(
                "cannot save the state: the state folder is not ours any more",
                ["error": error.description, "reason": reason.rawValue])
            return reason
        }
        do {
            try refuseNewerFormat()
        } catch {
            logger.error("cannot save the state: a later build's state is there", ["error": error.description])
            return .newerFormat
        }
        do {
            try store.save(sections.payload)
            return nil
        } catch {
            let reason = StatePersistence.reason(error)
            logger.error("cannot save the state", ["error": error.description, "reason": reason.rawValue])
            return reason
        }
    }

    static func reason(_ error: SystemError) -> StateSaveFailureReason {
        if error.isNoSpace { return .noSpace }
        if error.isReadOnly { return .readOnly }
        if error.isPermissionDenied { return .permissionDenied }
        return .ioError
    }
}
