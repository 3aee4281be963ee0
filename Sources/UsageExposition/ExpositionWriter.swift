/// Appends Prometheus text format 0.0.4 to a byte buffer.
///
/// Families must be written one at a time (`family`, then its samples); label values are
/// escaped here, so any string can be passed.
package struct ExpositionWriter {
    package enum MetricType: String, Sendable {
        case counter, gauge, histogram, untyped
    }

    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func family(_ name: String, _ type: MetricType, help: String) {
        append("# HELP ")
        append(name)
        bytes.append(0x20)
        for byte in help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(name)
        bytes.append(0x20)
        append(type.rawValue)
        bytes.append(0x0A)
    }

    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: UInt64) {
        writeSeries(name, labels)
        append(String(value))
        bytes.append(0x0A)
    }

    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        writeSeries(name, labels)
        append(ExpositionWriter.format(value))
        bytes.append(0x0A)
    }

    package mutating func sample(_ name: String, pairs labels: [(String, String)], _ value: UInt64) {
        writeSeries(name, labels)
        append(String(value))
        bytes.append(0x0A)
    }

    package mutating func sample(_ name: String, pairs labels: [(String, String)], _ value: Double) {
        writeSeries(name, labels)
        append(ExpositionWriter.format(value))
        bytes.append(0x0A)
    }

    /// The name and `{labels}`, for either spelling of a label list, without copying it.
    private mutating func writeSeries(_ name: String, _ labels: KeyValuePairs<String, String>) {
        writeSeries(name, count: labels.count) { write in
            for (key, value) in labels { write(key, value) }
        }
    }

    private mutating func writeSeries(_ name: String, _ labels: [(String, String)]) {
        writeSeries(name, count: labels.count) { write in
            for (key, value) in labels { write(key, value) }
        }
    }

    private mutating func writeSeries(
        _ name: String, count: Int, _ labels: ((String, String) -> Void) -> Void
    ) {
        append(name)
        if count > 0 {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            labels { key, value in
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                append(key)
                append("=\"")
                appendEscaped(value)
                bytes.append(UInt8(ascii: "\""))
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(0x20)
    }

    /// Label values escape `\`, `"` and newline; everything else is written as its UTF-8 bytes.
    private mutating func appendEscaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
    }

    @inline(__always)
    private mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// Shortest round-trip decimal; `+Inf`, `-Inf` and `NaN` spelled as the format requires.
    package static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
