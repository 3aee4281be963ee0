import Synchronization

/// Writes log lines to standard error as Go exporters do: logfmt
/// (`ts=2026-12-01T12:00:00.123Z caller=Exporter.swift:42 level=warn msg="..." path=...`) or
/// one JSON object a line (`--log.format=json`).
package final class Logger: Sendable {
    package enum Format: String, Sendable, CaseIterable {
        case logfmt, json
    }

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
    package let format: Format
    private let sink: Mutex<[String]?>
    private let clock: @Sendable () -> Int64

    /// A logger writing to standard error, or collecting lines in memory when `capture` is set (tests).
    package init(
        level: Level = .info, format: Format = .logfmt, capture: Bool = false,
        clock: @escaping @Sendable () -> Int64 = Clock.realtimeMillis
    ) {
        self.level = level
        self.format = format
        self.sink = Mutex(capture ? [] : nil)
        self.clock = clock
    }

    /// Lines collected by a capturing logger.
    package var captured: [String] {
        sink.withLock { $0 ?? [] }
    }

    package func log(
        _ level: Level, _ message: String, _ fields: KeyValuePairs<String, String> = [:], file: String = #fileID,
        line: Int = #line
    ) {
        guard level >= self.level else { return }
        let text = self.line(level, message, fields.map { ($0.key, $0.value) }, file: file, line: line)
        sink.withLock { captured in
            if captured != nil {
                captured!.append(text)
            } else {
                // One write(2) per line, under the lock, so lines from several threads never interleave.
                StandardIO.writeError(Array((text + "\n").utf8))
            }
        }
    }

    package func debug(
        _ message: String, _ fields: KeyValuePairs<String, String> = [:], file: String = #fileID, line: Int = #line
    ) {
        log(.debug, message, fields, file: file, line: line)
    }
    package func info(
        _ message: String, _ fields: KeyValuePairs<String, String> = [:], file: String = #fileID, line: Int = #line
    ) {
        log(.info, message, fields, file: file, line: line)
    }
    package func warn(
        _ message: String, _ fields: KeyValuePairs<String, String> = [:], file: String = #fileID, line: Int = #line
    ) {
        log(.warn, message, fields, file: file, line: line)
    }
    package func error(
        _ message: String, _ fields: KeyValuePairs<String, String> = [:], file: String = #fileID, line: Int = #line
    ) {
        log(.error, message, fields, file: file, line: line)
    }

    /// One line in the logger's format, without its newline: `ts`, `caller`, `level`, `msg`, then `fields`.
    package func line(
        _ level: Level, _ message: String, _ fields: [(String, String)], file: String = #fileID, line: Int = #line
    ) -> String {
        let file = file.split(separator: "/").last.map(String.init) ?? file
        let pairs =
            [("ts", Logger.timestamp(clock())), ("caller", "\(file):\(line)"), ("level", level.name), ("msg", message)]
            + fields.map { ($0.0, PathName.display($0.1)) }
        switch format {
        case .logfmt:
            return pairs.map { "\($0.0)=\(Logger.quoted($0.1))" }.joined(separator: " ")
        case .json:
            return "{" + pairs.map { "\(JSONLiteral.string($0.0)):\(JSONLiteral.string($0.1))" }.joined(separator: ",")
                + "}"
        }
    }

    /// RFC 3339 in UTC with milliseconds: `2026-12-01T12:00:00.123Z`.
    package static func timestamp(_ millis: Int64) -> String {
        let (year, month, day, secondOfDay, fraction) = UTCDate.parts(millis)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millisText = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return
            "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)).\(millisText)Z"
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
