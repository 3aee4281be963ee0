import CSystem
import Dispatch
import Glibc
package import UsageIngest
import UsageModel

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

        package static let standard = Output(
            out: { bytes in bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) } },
            err: { bytes in bytes.withUnsafeBytes { writeAll($0, to: STDERR_FILENO) } })
    }

    /// Runs the command and returns the process exit code.
    package static func run(
        arguments: [String], environment: [String: String], output: Output = .standard, logger: Logger? = nil
    ) -> Int32 {
        // Large arrays (the dedup table's segments, a window's records) are mapped and unmapped
        // whole. glibc would otherwise raise this threshold after the first such free and serve
        // later ones from the heap, whose holes then count as resident memory: 78 B per request
        // instead of 51 B over a 1 GB file.
        mallopt(M_MMAP_THRESHOLD, 128 * 1024)
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
            let logger = logger ?? Logger(level: options.logLevel)
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
            let logger = logger ?? Logger(level: .error)
            let outcome = PricingUpdate.run(
                Exporter(options: options, environment: environment, logger: logger), update)
            output.out(Array(outcome.out.utf8))
            output.err(Array(outcome.err.utf8))
            return outcome.status
        case .report(let options, let report):
            let logger = logger ?? Logger(level: .error)
            do {
                let exporter = Exporter(options: options, environment: environment, logger: logger)
                let color = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil
                output.out(
                    Array(
                        try ReportCommand.run(exporter, report, now: Ingestor.realtimeMillis(), color: color).utf8))
                return 0
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        case .statusLine(let address):
            var input: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while input.count < 1 << 22 {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                input += buffer[0..<count]
            }
            let metrics = MetricsFetcher.fetch(address, path: "/metrics")
            let line = StatusLine.render(
                StatusLine.parseInput(input), metrics: metrics, nowSeconds: Double(Ingestor.realtimeMillis()) / 1000)
            output.out(Array((line + "\n").utf8))
            return 0
        case .check(let options):
            // Rejections and missing paths are reported in the text; the log would repeat them.
            let logger = logger ?? Logger(level: .error)
            do {
                let result = try CheckReport.run(Exporter(options: options, environment: environment, logger: logger))
                output.out(Array(result.text.utf8))
                return result.problems == 0 ? 0 : 1
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        case .version:
            output.out(Array(HelpText.version.utf8))
            return 0
        case .serve(let options):
            let logger = logger ?? Logger(level: options.logLevel)
            let exporter = Exporter(options: options, environment: environment, logger: logger)
            do {
                if options.once {
                    output.out(try exporter.renderOnce())
                    return 0
                }
                let running = try exporter.start()
                waitForTermination()
                logger.info("shutting down")
                running.stop()
                return 0
            } catch {
                output.err(Array("llm-usage-exporter: error: \(error.description)\n".utf8))
                return 2
            }
        }
    }

    /// The process environment as a dictionary.
    package static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }

    private static func waitForTermination() {
        let done = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }
}
