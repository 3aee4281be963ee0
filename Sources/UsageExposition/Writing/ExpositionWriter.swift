/// Appends Prometheus text format 0.0.4, or OpenMetrics 1.0.0, to a byte buffer.
///
/// Families are written one at a time (``header(_:)``, then its samples; ``ExpositionBuilder``
/// puts them in order); label values are escaped here, so any string can be passed. With
/// `births`, a counter or histogram series born after the first catch-up is written at 0
/// until released (``SeriesBirths``).
package struct ExpositionWriter {
    package private(set) var bytes: [UInt8] = []
    package let format: ExpositionFormat
    private let births: SeriesBirths?

    package init(capacity: Int = 1 << 16, format: ExpositionFormat = .text, births: SeriesBirths? = nil) {
        self.format = format
        self.births = births
        bytes.reserveCapacity(capacity)
    }

    /// The family's `# HELP` and `# TYPE` lines (and `# UNIT` in OpenMetrics, where the name
    /// carries one); OpenMetrics names a counter family without its `_total`.
    package mutating func header(_ family: Family) {
        let name = format == .openMetrics ? family.openMetricsName : family.name
        append("# HELP ")
        append(name)
        bytes.append(0x20)
        for byte in family.help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\"") where format == .openMetrics: append("\\\"")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(name)
        bytes.append(0x20)
        append(format == .openMetrics && family.kind == .untyped ? "unknown" : family.kind.rawValue)
        bytes.append(0x0A)
        if format == .openMetrics, let unit = family.unit {
            append("# UNIT ")
            append(name)
            bytes.append(0x20)
            append(unit)
            bytes.append(0x0A)
        }
    }

    /// A counter's or histogram's `_created` sample (OpenMetrics only: nothing in text), in
    /// Unix seconds; nothing for a series without a first event.
    package mutating func created(_ family: Family, pairs labels: [(String, String)], millis: Int64) {
        guard format == .openMetrics, millis != .max, millis != .min else { return }
        writeSeries(family.openMetricsName, "_created", labels)
        append(ExpositionWriter.format(Double(millis) / 1000))
        bytes.append(0x0A)
    }

    /// The end of an OpenMetrics exposition.
    package static let openMetricsEnd: [UInt8] = Array("# EOF\n".utf8)

    /// One sample of `family` (`suffix` for a histogram's `_bucket`, `_sum` and `_count`).
    package mutating func sample(
        _ family: Family, suffix: String = "", _ labels: KeyValuePairs<String, String> = [:], _ value: UInt64
    ) {
        let start = bytes.count
        writeSeries(family.name, suffix, labels)
        append(shows(family, from: start) ? String(value) : "0")
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", _ labels: KeyValuePairs<String, String> = [:], _ value: Double
    ) {
        let start = bytes.count
        writeSeries(family.name, suffix, labels)
        append(shows(family, from: start) ? ExpositionWriter.format(value) : "0")
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", pairs labels: [(String, String)], _ value: UInt64
    ) {
        let start = bytes.count
        writeSeries(family.name, suffix, labels)
        append(shows(family, from: start) ? String(value) : "0")
        bytes.append(0x0A)
    }

    package mutating func sample(
        _ family: Family, suffix: String = "", pairs labels: [(String, String)], _ value: Double
    ) {
        let start = bytes.count
        writeSeries(family.name, suffix, labels)
        append(shows(family, from: start) ? ExpositionWriter.format(value) : "0")
        bytes.append(0x0A)
    }

    /// Whether the series just written from `start` (its name and labels) shows its value:
    /// always, but for a counter or histogram series held at 0 by ``SeriesBirths``.
    private func shows(_ family: Family, from start: Int) -> Bool {
        guard let births, family.kind == .counter || family.kind == .histogram else { return true }
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
        return births.shows(hasher.finalize())
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
