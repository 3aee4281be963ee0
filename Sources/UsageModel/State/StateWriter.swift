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
}
