/// Reads what ``StateWriter`` wrote; any inconsistency is a ``StateError``, never a crash.
package struct StateReader: Sendable {
    private let bytes: [UInt8]
    package private(set) var offset: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    package var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws(StateError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw .truncated(offset: offset) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    package mutating func readUInt64() throws(StateError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw .truncated(offset: offset) }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: value)
    }

    package mutating func readUInt32() throws(StateError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw .truncated(offset: offset) }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        offset += 4
        return UInt32(littleEndian: value)
    }

    package mutating func readInt64() throws(StateError) -> Int64 { Int64(bitPattern: try readUInt64()) }

    package mutating func readInt() throws(StateError) -> Int { Int(try readInt64()) }

    package mutating func readDouble() throws(StateError) -> Double { Double(bitPattern: try readUInt64()) }

    package mutating func readBool() throws(StateError) -> Bool {
        switch try take(1).first! {
        case 0: return false
        case 1: return true
        default: throw .invalid("a boolean that is neither 0 nor 1 at byte \(offset - 1)")
        }
    }

    package mutating func readString() throws(StateError) -> String {
        let count = Int(try readUInt32())
        let raw = try take(count)
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw .invalid("a string that is not UTF-8 at byte \(offset - count)")
        }
        return string
    }

    /// A count of items to follow, refused when the rest of the file cannot hold that many.
    package mutating func readCount(minimumItemBytes: Int) throws(StateError) -> Int {
        let count = try readUInt64()
        guard count <= UInt64((bytes.count - offset) / max(1, minimumItemBytes)) else {
            throw .invalid("a count of \(count) items that the file cannot hold, at byte \(offset - 8)")
        }
        return Int(count)
    }

    package mutating func readBlob() throws(StateError) -> [UInt8] {
        let count = try readCount(minimumItemBytes: 1)
        return Array(try take(count))
    }

    package mutating func readTokens() throws(StateError) -> TokenCounts {
        TokenCounts(
            input: try readUInt64(), output: try readUInt64(), cacheWrite5m: try readUInt64(),
            cacheWrite1h: try readUInt64(), cacheRead: try readUInt64())
    }

    /// What ``StateWriter/write(named:)`` wrote.
    package mutating func readNamedCounters() throws(StateError) -> [String: UInt64] {
        var counters: [String: UInt64] = [:]
        for _ in 0..<(try readCount(minimumItemBytes: 12)) {
            let name = try readString()
            counters[name, default: 0] += try readUInt64()
        }
        return counters
    }

    /// What ``StateWriter/write(bounds:counts:)`` wrote, as counts for `bounds`: a saved
    /// bucket goes to the first of `bounds` at or above its own bound (the same when the
    /// bounds are the same), the one above every bound to the last.
    package mutating func readBuckets(for bounds: [Double]) throws(StateError) -> [UInt64] {
        let savedCount = try readCount(minimumItemBytes: 16)
        var saved: [Double] = []
        for _ in 0..<savedCount { saved.append(try readDouble()) }
        return try readCounts(savedBounds: saved, for: bounds)
    }

    /// Counts saved for the buckets of `saved` bounds (one more than the bounds), as counts
    /// for `bounds` (see ``readBuckets(for:)``).
    package mutating func readCounts(savedBounds saved: [Double], for bounds: [Double]) throws(StateError) -> [UInt64] {
        var counts = [UInt64](repeating: 0, count: bounds.count + 1)
        for index in 0...saved.count {
            let count = try readUInt64()
            let target = index < saved.count ? (bounds.firstIndex { $0 >= saved[index] } ?? bounds.count) : bounds.count
            counts[target] += count
        }
        return counts
    }
}
