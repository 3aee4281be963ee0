/// Requests already counted, by the 64-bit hash of their (message id, request id).
///
/// 16 segments chosen by the key's top four bits, each an open-addressing table with linear
/// probing over one block of keys and entries (``DedupSlots``): 40 bytes a slot, no per-entry
/// allocation, no rehashing of keys that are already well mixed (``StableHash/finalized``). A
/// segment grows by a quarter at 80 % load, alone, so growth never holds two copies of the
/// whole table and every segment stays 64-80 % full: 50 to 63 bytes per distinct request (and
/// one spare block, a segment's), whatever the bytes of history behind them.
package struct DedupTable: Sendable {
    private struct Segment: Sendable {
        var slots: DedupSlots
        var count = 0

        init(size: Int) {
            slots = DedupSlots(size: size)
        }

        /// The slot holding `key`, or the empty slot where it would go.
        @inline(__always)
        func locate(_ key: UInt64) -> (slot: Int, found: Bool) {
            let size = slots.size
            let keys = slots.keys
            var slot = Segment.home(of: key, size: size)
            while true {
                let candidate = keys[slot]
                if candidate == key { return (slot, true) }
                if candidate == 0 { return (slot, false) }
                slot += 1
                if slot == size { slot = 0 }
            }
        }

        /// Makes the slots this segment's own before a change (a copied table shares them).
        mutating func own() {
            if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
        }

        mutating func set(_ key: UInt64, _ entry: DedupEntry, spare: inout DedupSlots?) {
            own()
            var (slot, found) = locate(key)
            if !found {
                if (count + 1) * 5 > slots.size * 4 {
                    grow(spare: &spare)
                    slot = locate(key).slot
                }
                slots.keys[slot] = key
                count += 1
            }
            slots.entries[slot] = entry
        }

        /// Moves every key into slots a quarter bigger, made from `spare`'s block; the old
        /// slots become the spare.
        private mutating func grow(spare: inout DedupSlots?) {
            let size = slots.size + max(4, slots.size / 4)
            var donor = spare
            spare = nil
            // A spare still shared with a copy of the table is that copy's: not ours to reuse.
            if donor != nil, !isKnownUniquelyReferenced(&donor!) { donor = nil }
            let grown = DedupSlots(size: size, reusing: donor)
            // Every key is new to the bigger slots: each goes to the first empty slot from its own.
            let (keys, entries) = (slots.keys, slots.entries)
            for index in 0..<slots.size where keys[index] != 0 {
                let key = keys[index]
                var slot = Segment.home(of: key, size: size)
                while grown.keys[slot] != 0 {
                    slot += 1
                    if slot == size { slot = 0 }
                }
                grown.keys[slot] = key
                grown.entries[slot] = entries[index]
            }
            spare = slots
            slots = grown
        }

        /// The high bits of (key without its segment bits) x size: a uniform slot, any size.
        @inline(__always)
        static func home(of key: UInt64, size: Int) -> Int {
            Int(truncatingIfNeeded: (key << DedupTable.segmentBits).multipliedFullWidth(by: UInt64(size)).high)
        }
    }

    private var segments: [Segment]
    /// The block of the segment that grew last, for the next one that grows.
    private var spare: DedupSlots?

    /// A key of 0 marks an empty slot; the one hash that is really 0 is stored as this.
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let empty = DedupEntry(tokens: .zero, costUSD: 0, series: 0, flags: 0)

    /// Few segments, so a large table's blocks are large allocations that glibc maps whole: a
    /// grown segment's old block is resized (its pages moved, not copied) into the next
    /// segment's bigger one, and never leaves a hole in the heap.
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
        segments.reduce(spare?.bytes ?? 0) { $0 + $1.slots.bytes }
    }

    package subscript(key: UInt64) -> DedupEntry? {
        let stored = DedupTable.stored(key)
        let segment = segments[Int(stored >> (64 - DedupTable.segmentBits))]
        let (slot, found) = segment.locate(stored)
        return found ? segment.slots.entries[slot] : nil
    }

    /// Adds or replaces the entry for `key`.
    package mutating func set(_ key: UInt64, _ entry: DedupEntry) {
        let stored = DedupTable.stored(key)
        segments[Int(stored >> (64 - DedupTable.segmentBits))].set(stored, entry, spare: &spare)
    }

    /// Replaces, in place, every entry for which `transform` returns a new one.
    package mutating func update(_ transform: (DedupEntry) -> DedupEntry?) {
        for index in segments.indices {
            segments[index].own()
            let slots = segments[index].slots
            for slot in 0..<slots.size where slots.keys[slot] != 0 {
                if let new = transform(slots.entries[slot]) { slots.entries[slot] = new }
            }
        }
    }

    /// Every (key, entry), in slot order.
    package var all: [(key: UInt64, entry: DedupEntry)] {
        segments.flatMap { segment in
            let slots = segment.slots
            return (0..<slots.size).compactMap { slots.keys[$0] == 0 ? nil : (slots.keys[$0], slots.entries[$0]) }
        }
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroKey : key }
}
