import Dispatch
import Glibc
import UsageIngest

/// The command line: parse, then serve, print once, or print help.
public enum ExporterMain {
    /// Runs the command and returns the process exit code.
    public static func run(arguments: [String], environment: [String: String]) -> Int32 {
        let command: Command
        do {
            command = try OptionsParser.parse(arguments)
        } catch {
            printError(error.description)
            return 2
        }
        switch command {
        case .help:
            write(HelpText.text, to: STDOUT_FILENO)
            return 0
        case .version:
            write(HelpText.version, to: STDOUT_FILENO)
            return 0
        case .serve(let options):
            let logger = Logger(level: options.logLevel)
            let exporter = Exporter(options: options, environment: environment, logger: logger)
            do {
                if options.once {
                    let bytes = try exporter.renderOnce()
                    bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
                    return 0
                }
                let running = try exporter.start()
                waitForTermination()
                logger.info("shutting down")
                running.stop()
                return 0
            } catch {
                printError(error.description)
                return 2
            }
        }
    }

    /// The process environment as a dictionary.
    public static func processEnvironment() -> [String: String] {
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

    private static func printError(_ message: String) {
        write("llm-usage-exporter: error: \(message)\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to fd: Int32) {
        var copy = text
        copy.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
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
