/// Appends state values as little-endian bytes: the durable state's one encoding.
package struct StateWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    package mutating func write(_ value: Int) { write(Int64(value)) }

    package mutating func write(_ value: Double) { write(value.bitPattern) }

    package mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func write(_ value: String) {
        write(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Bytes as they are (a section copied whole).
    package mutating func write(raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Length-prefixed bytes, e.g. one source's section.
    package mutating func write(blob: [UInt8]) {
        write(UInt64(blob.count))
        bytes.append(contentsOf: blob)
    }

    package mutating func write(_ tokens: TokenCounts) {
        write(tokens.input)
        write(tokens.output)
        write(tokens.cacheWrite5m)
        write(tokens.cacheWrite1h)
        write(tokens.cacheRead)
    }

    /// Counters by name (a reason's raw value), so that a build with more or fewer reasons
    /// reads them: a count, then name and value pairs.
    package mutating func write(named counters: [(name: String, value: UInt64)]) {
        write(counters.count)
        for (name, value) in counters {
            write(name)
            write(value)
        }
    }

    /// A histogram's bounds and counts, so that a build with other bounds can rebucket them.
    package mutating func write(bounds: [Double], counts: [UInt64]) {
        write(bounds.count)
        for bound in bounds { write(bound) }
        for count in counts { write(count) }
    }
}
