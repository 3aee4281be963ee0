import Dispatch
package import UsageExposition
package import UsageIngest
package import UsageModel
package import UsageServer
package import UsageSystem

/// The composition root: turns options into a ledger, sources, an ingest loop and a server.
package struct Exporter: Sendable {
    package let options: ExporterOptions
    package let logger: Logger
    /// The sources to read, with the paths each reads (explicit, or its defaults), in registry order.
    package let activeSources: [(definition: SourceDefinition, paths: [String])]
    /// The state folder in use; nil when no state is kept.
    package let stateDir: String?
    /// The process environment (`HOME`, `XDG_STATE_HOME`, systemd's `LISTEN_FDS`).
    package let environment: [String: String]

    package init(options: ExporterOptions, environment: [String: String], logger: Logger) {
        self.options = options
        self.environment = environment
        self.logger = logger
        switch options.stateDir {
        case .some(let path): self.stateDir = path.isEmpty ? nil : path
        case .none:
            if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
                self.stateDir = xdg + "/llm-usage-exporter"
            } else if let home = environment["HOME"], !home.isEmpty {
                self.stateDir = home + "/.local/state/llm-usage-exporter"
            } else {
                self.stateDir = nil
            }
        }
        self.activeSources = SourceRegistry.all.compactMap { definition in
            let selection = options[source: definition.name]
            guard selection.enabled else { return nil }
            let paths = selection.paths ?? definition.defaultPaths(environment)
            return paths.isEmpty ? nil : (definition, paths)
        }
    }

    /// The paths a source reads, nil when it is off.
    package func paths(of source: String) -> [String]? {
        activeSources.first { $0.definition.name == source }?.paths
    }

    /// The families the active sources bring (exported at zero from the start).
    package var sourceFamilies: SourceFamilies {
        var families = SourceFamilies()
        for (definition, _) in activeSources { families.add(definition.families, from: definition.name) }
        return families
    }

    /// The price table's inputs: the bundled table, `pricing update`'s file, `--pricing.file`, the config.
    package var priceSources: PriceSources { PriceSources(options: options, stateDir: stateDir) }

    /// An empty ledger priced by ``priceSources``. A bad `--pricing.file` is an error; an
    /// unreadable `pricing update` file is logged and left out (it must not keep the exporter down).
    package func makeLedger() throws(UsageError) -> UsageLedger {
        let loaded = priceSources.load()
        if let error = loaded.pricingFileError { throw error }
        if let error = loaded.updatedFileError {
            logger.error("cannot use the updated prices; using the bundled ones", ["error": error.description])
        }
        var ledger = UsageLedger(prices: loaded.table, costMode: options.costMode)
        ledger.lastPriceLoadSuccessful = loaded.updatedFileError == nil
        if !options.countsActivity { ledger.markActivityIncomplete() }
        return ledger
    }

    /// The zone, budgets and bounds of the time-derived gauges.
    package var viewSettings: ViewSettings {
        let calendar =
            options.timeZone.flatMap { PeriodCalendar(zoneName: $0, weekStartsMonday: options.weekStartsMonday) }
            ?? PeriodCalendar.system(weekStartsMonday: options.weekStartsMonday)
        return ViewSettings(
            calendar: calendar, budgets: options.budgets, warningRatio: options.warningRatio,
            criticalRatio: options.criticalRatio, sessionWindowMillis: options.sessionWindowMillis,
            sessionsMax: options.sessionsMax, blockTokenLimit: options.blockTokenLimit)
    }

    /// The enabled sources; each call makes new ones (they belong to the thread that polls them).
    /// - Parameter checkingEveryLine: for `check`: lines the exporter dismisses unparsed (no
    ///   usage in them) are validated too, so a corrupt transcript shows.
    package func makeSources(checkingEveryLine: Bool = false) -> [any UsageSource] {
        let settings = SourceSettings(
            maxLineBytes: options.maxLineBytes, projectLabels: options.projectLabel, logger: logger,
            checksEveryLine: checkingEveryLine, user: options.user ?? UserName.current,
            countsActivity: options.countsActivity)
        return activeSources.map { definition, paths in definition.make(paths, settings) }
    }

    /// `--once`: reads everything, returns the exposition (without `process_*`: the process is about to end).
    /// With a state folder (`--state.dir=""` for none) it continues from the saved state and
    /// saves again, under the folder's lock, so that counters never go down between runs when
    /// transcripts are deleted (the textfile collector's recipe).
    /// - Parameter now: the clock the time-derived gauges are computed at (Unix milliseconds); the wall clock by default.
    package func renderOnce(now: Int64 = Clock.realtimeMillis()) throws(UsageError) -> [UInt8] {
        var ledger = try makeLedger()
        var sources = makeSources()
        let persistence = try makePersistence()
        defer { persistence?.lock?.release() }
        if let persistence {
            ledger.stateSaves = StateSaveHealth(startSeconds: Double(now) / 1000)
            if let restored = persistence.restore(into: sources, like: ledger) {
                ledger = restored
            } else {
                // A state that failed half-way must not leave a source half restored.
                sources = makeSources()
            }
        }
        ledger.advanceClock(to: now)
        Ingestor.catchUp(sources, ledger: &ledger)
        if let persistence {
            let failure = persistence.save(ledger, sources)
            ledger.stateSaves?.note(failure, atSeconds: Double(now) / 1000)
        }
        let views = ledger.views(at: now, settings: viewSettings)
        let snapshot = UsageSnapshot(
            counters: ledger.counters, ready: true, sources: sources.flatMap(\.statuses), generation: 1, views: views)
        return MetricsRenderer.render(
            snapshot, process: nil, dropping: options.droppedLabels, sourceFamilies: sourceFamilies)
    }

    /// The basic-auth checker of a web configuration, nil without one or without users.
    package func makeAuthenticator(_ config: WebConfig?) throws(UsageError) -> BasicAuthenticator? {
        guard let config, !config.users.isEmpty else { return nil }
        do {
            return try BasicAuthenticator(users: config.users)
        } catch {
            throw UsageError("flag --web.config.file: \(error)")
        }
    }

    /// `--web.config.file` read and checked, nil without one.
    package func makeWebConfig() throws(UsageError) -> WebConfig? {
        guard let path = options.webConfigFile else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: 1 << 20)
        } catch {
            throw UsageError("flag --web.config.file: \(error)")
        }
        do {
            return try WebConfig.parse(String(decoding: bytes, as: UTF8.self), path: path)
        } catch {
            throw UsageError("flag --web.config.file: \(error)")
        }
    }

    /// The state folder locked and checked, nil without `--state.dir`: an error when another
    /// exporter holds it, or when it holds a later build's state (left as it is).
    package func makePersistence() throws(UsageError) -> StatePersistence? {
        guard let stateDir else { return nil }
        let lock: StateLock
        do {
            lock = try StateLock(directory: stateDir)
        } catch {
            let hint = error.isLocked ? " (another llm-usage-exporter uses this state directory)" : ""
            throw UsageError("flag --state.dir: \(error)\(hint)")
        }
        let persistence = StatePersistence(
            store: StateStore(directory: stateDir), lock: lock, saveIntervalMillis: options.saveIntervalMillis,
            logger: logger)
        do {
            try persistence.refuseNewerFormat()
        } catch {
            lock.release()
            throw UsageError(
                "flag --state.dir: \(persistence.store.path): \(error); it is left as it is: run that build, or give another --state.dir"
            )
        }
        return persistence
    }

    package func start() throws(UsageError) -> RunningExporter {
        // Before the files are read, so that a change while they are is seen at the first poll.
        let priceFiles = priceSources.fingerprints()
        var ledger = try makeLedger()
        let webConfig = try makeWebConfig()
        let authenticator = try makeAuthenticator(webConfig)
        let headers = (webConfig?.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let persistence = try makePersistence()
        let lock = persistence?.lock
        if persistence != nil {
            ledger.stateSaves = StateSaveHealth(startSeconds: Double(Clock.realtimeMillis()) / 1000)
        } else {
            logger.info("no state directory: counters start from the files at each start (--state.dir)")
        }
        let ingestor = Ingestor(
            ledger: ledger, intervalMillis: options.pollIntervalMillis, watchMode: options.watchMode,
            rescanIntervalMillis: options.rescanIntervalMillis,
            localRescanIntervalMillis: options.localRescanIntervalMillis, logger: logger, persistence: persistence,
            droppedLabels: options.droppedLabels, sourceFamilies: sourceFamilies, viewSettings: viewSettings,
            prices: PriceReloader(sources: priceSources, loaded: priceFiles, logger: logger)
        ) {
            [self] in makeSources()
        }
        var configuration = HTTPServer.Configuration(
            addresses: options.listenAddresses, maxConnections: options.maxRequests)
        if let tls = webConfig?.tls {
            do {
                configuration.tls = try TLSServerContext(settings: tls)
            } catch {
                lock?.release()
                throw UsageError("flag --web.config.file: \(error)")
            }
        }
        if options.systemdSocket {
            do {
                configuration.inheritedListeners = try SystemdSockets.take(environment: environment)
            } catch {
                lock?.release()
                throw UsageError("flag --web.systemd-socket: \(error)")
            }
        }
        let handler = ExporterHandler(
            telemetryPath: options.telemetryPath, store: ingestor.store, authenticator: authenticator,
            scrapers: ingestor.scrapers, exporterMetrics: options.exporterMetrics, headers: headers)
        let logger = self.logger
        let server = HTTPServer(
            configuration: configuration,
            log: { logger.warn($0) },
            handler: { handler.handle($0) })
        let ports: [UInt16]
        do {
            ports = try server.start()
        } catch {
            lock?.release()
            throw UsageError("flag --web.listen-address: \(error)")
        }
        ingestor.start()
        let addresses =
            options.systemdSocket
            ? ports.map { ListenAddress(host: "systemd socket", port: $0) } : options.listenAddresses
        for (address, port) in zip(addresses, ports) {
            logger.info(
                "listening",
                [
                    "address": ListenAddress(host: address.host, port: port).description,
                    "metrics": options.telemetryPath, "tls": configuration.tls == nil ? "false" : "true",
                ])
        }
        return RunningExporter(ingestor: ingestor, server: server, ports: ports, stateLock: lock)
    }
}
