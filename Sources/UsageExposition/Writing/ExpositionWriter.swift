/// Appends Prometheus text format 0.0.4 to a byte buffer.
///
/// Families are written one at a time (``header(_:)``, then its samples; ``ExpositionBuilder``
/// puts them in order); label values are escaped here, so any string can be passed.
package struct ExpositionWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// The family's `# HELP` and `# TYPE` lines.
    package mutating func header(_ family: Family) {
        append("# HELP ")
        append(family.name)
        bytes.append(0x20)
        for byte in family.help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(family.name)
        bytes.append(0x20)
        append(family.kind.rawValue)
        bytes.append(0x0A)
    }

    /// One sample of `family` (`suffix` for a histogram's `_bucket`, `_sum` and `_count`).
    package mutating func sample(
        _ family: Family, suffix: String = "", _ labels: KeyValuePairs<String, String> = [:], _ value: UInt64
    ) {
        writeSeries(family.name, suffix, labels)
        append(String(value))
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", _ labels: KeyValuePairs<String, String> = [:], _ value: Double
    ) {
        writeSeries(family.name, suffix, labels)
        append(ExpositionWriter.format(value))
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", pairs labels: [(String, String)], _ value: UInt64
    ) {
        writeSeries(family.name, suffix, labels)
        append(String(value))
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", pairs labels: [(String, String)], _ value: Double
    ) {
        writeSeries(family.name, suffix, labels)
        append(ExpositionWriter.format(value))
        bytes.append(0x0A)
    }

    /// A sample without labels.
    package mutating func sample(_ family: Family, suffix: String = "", _ value: UInt64) {
        sample(family, suffix: suffix, [:], value)
    }

    package mutating func sample(_ family: Family, suffix: String = "", _ value: Double) {
        sample(family, suffix: suffix, [:], value)
    }

    /// The bytes of another writer, as they are.
    package mutating func append(contentsOf other: ExpositionWriter) {
        bytes += other.bytes
    }

    /// The name and `{labels}`, for either spelling of a label list, without copying it.
    private mutating func writeSeries(_ name: String, _ suffix: String, _ labels: KeyValuePairs<String, String>) {
        writeSeries(name, suffix, count: labels.count) { write in
            for (key, value) in labels { write(key, value) }
        }
    }

    private mutating func writeSeries(_ name: String, _ suffix: String, _ labels: [(String, String)]) {
        writeSeries(name, suffix, count: labels.count) { write in
            for (key, value) in labels { write(key, value) }
        }
    }

    private mutating func writeSeries(
        _ name: String, _ suffix: String, count: Int, _ labels: ((String, String) -> Void) -> Void
    ) {
        append(name)
        append(suffix)
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
