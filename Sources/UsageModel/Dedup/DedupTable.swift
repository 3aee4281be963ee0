/// Requests already counted, by the 64-bit hash of their (message id, request id).
///
/// 16 segments chosen by the key's top four bits, each an open-addressing table with linear
/// probing over two flat arrays (keys, entries): 40 bytes a slot, no per-entry allocation, no
/// rehashing of keys that are already well mixed (``StableHash/finalized``). A segment grows
/// by a quarter at 80 % load, alone, so growth never holds two copies of the whole table and
/// every segment stays 64-80 % full: 50 to 63 bytes per distinct request, whatever the bytes of
/// history behind them.
package struct DedupTable: Sendable {
    private struct Segment: Sendable {
        var keys: [UInt64]
        var entries: [DedupEntry]
        var count = 0

        init(size: Int) {
            keys = [UInt64](repeating: 0, count: size)
            entries = [DedupEntry](repeating: DedupTable.empty, count: size)
        }

        /// The slot holding `key`, or the empty slot where it would go.
        @inline(__always)
        func locate(_ key: UInt64) -> (slot: Int, found: Bool) {
            let size = keys.count
            var slot = Segment.home(of: key, size: size)
            return keys.withUnsafeBufferPointer { keys in
                while true {
                    let candidate = keys[slot]
                    if candidate == key { return (slot, true) }
                    if candidate == 0 { return (slot, false) }
                    slot += 1
                    if slot == size { slot = 0 }
                }
            }
        }

        mutating func set(_ key: UInt64, _ entry: DedupEntry) {
            var (slot, found) = locate(key)
            if !found {
                if (count + 1) * 5 > keys.count * 4 {
                    grow()
                    slot = locate(key).slot
                }
                keys[slot] = key
                count += 1
            }
            entries[slot] = entry
        }

        private mutating func grow() {
            let size = keys.count + max(4, keys.count / 4)
            var newKeys = [UInt64](repeating: 0, count: size)
            var newEntries = [DedupEntry](repeating: DedupTable.empty, count: size)
            // Every key is new to the bigger arrays: each goes to the first empty slot from its own.
            newKeys.withUnsafeMutableBufferPointer { newKeys in
                newEntries.withUnsafeMutableBufferPointer { newEntries in
                    for index in keys.indices where keys[index] != 0 {
                        let key = keys[index]
                        var slot = Segment.home(of: key, size: size)
                        while newKeys[slot] != 0 {
                            slot += 1
                            if slot == size { slot = 0 }
                        }
                        newKeys[slot] = key
                        newEntries[slot] = entries[index]
                    }
                }
            }
            keys = newKeys
            entries = newEntries
        }

        /// The high bits of (key without its segment bits) x size: a uniform slot, any size.
        @inline(__always)
        static func home(of key: UInt64, size: Int) -> Int {
            Int(truncatingIfNeeded: (key << DedupTable.segmentBits).multipliedFullWidth(by: UInt64(size)).high)
        }
    }

    private var segments: [Segment]

    /// A key of 0 marks an empty slot; the one hash that is really 0 is stored as this.
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let empty = DedupEntry(tokens: .zero, costUSD: 0, series: 0, flags: 0)

    /// Few segments, so a large table's arrays are large allocations that glibc maps and unmaps
    /// whole: a segment's old arrays go back to the system when it grows, instead of leaving holes.
    static let segmentBits: UInt64 = 4

    /// A table sized for `expectedCount` entries without growing. Restoring a saved table
    /// needs this: its keys come in slot order, and inserting sorted keys into a smaller,
    /// growing table packs them into one long probe run (quadratic time).
    package init(expectedCount: Int = 0) {
        let perSegment = expectedCount >> DedupTable.segmentBits
        let size = max(64, perSegment + perSegment / 3 + 16)
        segments = (0..<(1 << DedupTable.segmentBits)).map { _ in Segment(size: size) }
    }

    package var count: Int { segments.reduce(0) { $0 + $1.count } }

    package var isEmpty: Bool { segments.allSatisfy { $0.count == 0 } }

    /// Bytes held by the table's storage.
    package var storageBytes: Int {
        segments.reduce(0) { $0 + $1.keys.count * (MemoryLayout<UInt64>.stride + MemoryLayout<DedupEntry>.stride) }
    }

    package subscript(key: UInt64) -> DedupEntry? {
        let stored = DedupTable.stored(key)
        let segment = segments[Int(stored >> (64 - DedupTable.segmentBits))]
        let (slot, found) = segment.locate(stored)
        return found ? segment.entries[slot] : nil
    }

    /// Adds or replaces the entry for `key`.
    package mutating func set(_ key: UInt64, _ entry: DedupEntry) {
        let stored = DedupTable.stored(key)
        segments[Int(stored >> (64 - DedupTable.segmentBits))].set(stored, entry)
    }

    /// Replaces, in place, every entry for which `transform` returns a new one.
    package mutating func update(_ transform: (DedupEntry) -> DedupEntry?) {
        for index in segments.indices {
            for slot in segments[index].keys.indices where segments[index].keys[slot] != 0 {
                if let new = transform(segments[index].entries[slot]) { segments[index].entries[slot] = new }
            }
        }
    }

    /// Every (key, entry), in slot order.
    package var all: [(key: UInt64, entry: DedupEntry)] {
        segments.flatMap { segment in
            segment.keys.indices.compactMap { segment.keys[$0] == 0 ? nil : (segment.keys[$0], segment.entries[$0]) }
        }
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroKey : key }
}
