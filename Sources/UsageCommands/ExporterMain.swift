import Synchronization
import UsageIngest
import UsageModel
import UsageRuntime
package import UsageSystem

/// The command line: parse, then serve, print once, or print help.
package enum ExporterMain {
    /// Where a command writes: standard output and error by default, buffers in tests.
    package struct Output: Sendable {
        package var out: @Sendable ([UInt8]) -> Void
        package var err: @Sendable ([UInt8]) -> Void

        package init(out: @escaping @Sendable ([UInt8]) -> Void, err: @escaping @Sendable ([UInt8]) -> Void) {
            self.out = out
            self.err = err
        }

        package static let standard = Output(out: StandardIO.writeOutput, err: StandardIO.writeError)
    }

    /// The options the running exporter was last configured with.
    final class CurrentOptions: Sendable {
        let options: Mutex<ExporterOptions>
        init(_ options: ExporterOptions) { self.options = Mutex(options) }
    }

    /// SIGHUP: the configuration file and the flags read again, and the price files; what can
    /// change while running changes, the rest is logged as needing a restart. A configuration
    /// that no longer parses is logged and the running one stays.
    static func reload(
        _ running: RunningExporter, arguments: [String], environment: [String: String],
        _ current: CurrentOptions, _ logger: Logger
    ) {
        let options: ExporterOptions
        do {
            var base = ExporterOptions()
            if let path = OptionsParser.configFile(in: arguments), !path.isEmpty {
                base = try ConfigFile.load(path: path, environment: environment)
            }
            guard case .serve(let parsed) = try OptionsParser.parse(arguments, base: base) else { return }
            options = parsed
        } catch {
            logger.error("cannot reload the configuration; the running one stays", ["error": error.description])
            return
        }
        let old = current.options.withLock { $0 }
        let change = running.reload(
            from: old, to: Exporter(options: options, environment: environment, logger: logger))
        current.options.withLock { $0 = options }
        logger.info(
            "configuration and price files reloaded (SIGHUP)",
            [
                "changed": change.applied.isEmpty ? "nothing" : change.applied.joined(separator: ","),
                "need_restart": change.needRestart.joined(separator: ","),
            ])
    }

    /// Runs the command and returns the process exit code.
    package static func run(
        arguments: [String], environment: [String: String], output: Output = .standard, logger: Logger? = nil
    ) -> Int32 {
        Allocator.mapLargeArraysWhole()
        let command: Command
        do {
            var base = ExporterOptions()
            if let path = OptionsParser.configFile(in: arguments), !path.isEmpty {
                base = try ConfigFile.load(path: path, environment: environment)
            }
            command = try OptionsParser.parse(arguments, base: base)
        } catch {
            output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
            return 2
        }
        switch command {
        case .help:
            output.out(Array(HelpText.text.utf8))
            return 0
        case .commandHelp(let name):
            output.out(Array(HelpText.help(for: name).utf8))
            return 0
        case .pricing(let options, let format):
            let logger = logger ?? Logger(level: options.logLevel, format: options.logFormat)
            do {
                let prices = try Exporter(options: options, environment: environment, logger: logger).makeLedger()
                    .prices
                output.out(Array(PricingReport.render(prices, format: format).utf8))
                return 0
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        case .pricingUpdate(let options, let update):
            let logger = logger ?? Logger(level: .error, format: options.logFormat)
            let outcome = PricingUpdate.run(
                Exporter(options: options, environment: environment, logger: logger), update)
            output.out(Array(outcome.out.utf8))
            output.err(Array(outcome.err.utf8))
            return outcome.status
        case .report(let options, let report):
            let logger = logger ?? Logger(level: .error, format: options.logFormat)
            do {
                let exporter = Exporter(options: options, environment: environment, logger: logger)
                let color = StandardIO.outputIsTerminal && environment["NO_COLOR"] == nil
                output.out(
                    Array(
                        try ReportCommand.run(exporter, report, now: Clock.realtimeMillis(), color: color).utf8))
                return 0
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        case .statusLine(let address):
            let input = StandardIO.readInput(limit: 1 << 22)
            let metrics = MetricsFetcher.fetch(address, path: "/metrics")
            let line = StatusLine.render(
                StatusLine.parseInput(input), metrics: metrics, nowSeconds: Double(Clock.realtimeMillis()) / 1000)
            output.out(Array((line + "\n").utf8))
            return 0
        case .check(let options):
            // Rejections and missing paths are reported in the text; the log would repeat them.
            let logger = logger ?? Logger(level: .error, format: options.logFormat)
            do {
                let result = try CheckReport.run(Exporter(options: options, environment: environment, logger: logger))
                output.out(Array(result.text.utf8))
                return result.problems == 0 ? 0 : 1
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        case .completion(let shell):
            output.out(Array((Completion.script(for: shell) ?? "").utf8))
            return 0
        case .version:
            output.out(Array(HelpText.version.utf8))
            return 0
        case .serve(let options):
            let logger = logger ?? Logger(level: options.logLevel, format: options.logFormat)
            let exporter = Exporter(options: options, environment: environment, logger: logger)
            do {
                if options.once {
                    output.out(try exporter.renderOnce())
                    return 0
                }
                let running = try exporter.start()
                let current = CurrentOptions(options)
                Signals.waitForTermination {
                    ExporterMain.reload(running, arguments: arguments, environment: environment, current, logger)
                }
                logger.info("shutting down")
                if !running.stop() {
                    logger.error(
                        "reading the sources did not end within 10 s (a read that does not return); exiting without the final save, the last periodic save stands"
                    )
                }
                return 0
            } catch {
                // As a Go exporter's start-up errors: a line in the log's format.
                output.err(Array((logger.line(.error, "cannot start", [("err", error.description)]) + "\n").utf8))
                return 2
            }
        }
    }
}
