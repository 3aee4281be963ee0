import Synchronization

/// Writes logfmt lines (`level=warn msg="..." path=...`) to standard error.
package final class Logger: Sendable {
    package enum Level: Int, Comparable, Sendable, CaseIterable {
        case debug, info, warn, error

        package var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warn: "warn"
            case .error: "error"
            }
        }

        package init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name }) else { return nil }
            self = level
        }

        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    package let level: Level
    private let sink: Mutex<[String]?>

    /// A logger writing to standard error, or collecting lines in memory when `capture` is set (tests).
    package init(level: Level = .info, capture: Bool = false) {
        self.level = level
        self.sink = Mutex(capture ? [] : nil)
    }

    /// Lines collected by a capturing logger.
    package var captured: [String] {
        sink.withLock { $0 ?? [] }
    }

    package func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        guard level >= self.level else { return }
        var line = "level=\(level.name) msg=\(Logger.quoted(message))"
        for (key, value) in fields {
            line += " \(key)=\(Logger.quoted(PathName.display(value)))"
        }
        sink.withLock { captured in
            if captured != nil {
                captured!.append(line)
            } else {
                // One write(2) per line, under the lock, so lines from several threads never interleave.
                StandardIO.writeError(Array((line + "\n").utf8))
            }
        }
    }

    package func debug(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.debug, message, fields)
    }
    package func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, message, fields) }
    package func warn(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.warn, message, fields) }
    package func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.error, message, fields)
    }

    /// A logfmt value: bare when it is a plain token, else quoted with `\`, `"` and controls escaped.
    static func quoted(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
            }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
