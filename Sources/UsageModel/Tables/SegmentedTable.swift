/// A hash table of plain keys and values that grows without holding two copies of itself and
/// without faulting its memory in again.
///
/// 16 segments chosen by the key's top four hash bits, each an open-addressing table with
/// linear probing over one block of keys and values (``TableSlots``). A segment grows by a
/// quarter at 80 % load, alone, so every segment stays 64-80 % full; the block a grown segment
/// leaves is kept (one spare block for the table) and resized into the next growing segment's
/// bigger one. No removal: a table that must drop keys is rebuilt.
package struct SegmentedTable<Key: SlotKey, Value: Sendable>: Sendable {
    /// A key's slot, and whether the key was there.
    private typealias Place = (slot: Int, found: Bool)

    private struct Segment: Sendable {
        var slots: TableSlots<Key, Value>
        var count = 0

        init(size: Int) {
            slots = TableSlots(size: size)
        }

        /// The slot holding `key`, or the empty slot where it would go.
        @inline(__always)
        func locate(_ key: Key, hash: UInt64) -> Place {
            let size = slots.size
            let keys = slots.keys
            var slot = Segment.home(of: hash, size: size)
            while true {
                let candidate = keys[slot]
                if candidate == key { return (slot, true) }
                if candidate == Key.vacant { return (slot, false) }
                slot += 1
                if slot == size { slot = 0 }
            }
        }

        /// Makes the slots this segment's own before a change (a copied table shares them).
        mutating func own() {
            if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
        }

        /// The slot of `key`, made when the key is new (`found` false: its value is not set yet;
        /// values are plain data, so setting one is a store).
        @inline(__always)
        mutating func place(_ key: Key, hash: UInt64, spare: inout TableSlots<Key, Value>?) -> Place {
            own()
            var (slot, found) = locate(key, hash: hash)
            if !found {
                if (count + 1) * 5 > slots.size * 4 {
                    grow(spare: &spare)
                    slot = locate(key, hash: hash).slot
                }
                slots.keys[slot] = key
                count += 1
            }
            return (slot, found)
        }

        /// Moves every key into slots a quarter bigger, made from `spare`'s block; the old
        /// slots become the spare.
        private mutating func grow(spare: inout TableSlots<Key, Value>?) {
            let size = slots.size + max(4, slots.size / 4)
            var donor = spare
            spare = nil
            // A spare still shared with a copy of the table is that copy's: not ours to reuse.
            if donor != nil, !isKnownUniquelyReferenced(&donor!) { donor = nil }
            let grown = TableSlots<Key, Value>(size: size, reusing: donor)
            // Every key is new to the bigger slots: each goes to the first empty slot from its own.
            let (keys, values) = (slots.keys, slots.values)
            for index in 0..<slots.size where keys[index] != Key.vacant {
                let key = keys[index]
                var slot = Segment.home(of: key.mixedHash, size: size)
                while grown.keys[slot] != Key.vacant {
                    slot += 1
                    if slot == size { slot = 0 }
                }
                grown.keys[slot] = key
                grown.values[slot] = values[index]
            }
            spare = slots
            slots = grown
        }

        /// The high bits of (hash without its segment bits) x size: a uniform slot, any size.
        @inline(__always)
        static func home(of hash: UInt64, size: Int) -> Int {
            Int(truncatingIfNeeded: (hash << SegmentedTable.segmentBits).multipliedFullWidth(by: UInt64(size)).high)
        }
    }

    private var segments: [Segment]
    /// The block of the segment that grew last, for the next one that grows.
    private var spare: TableSlots<Key, Value>?

    /// Few segments, so a large table's blocks are large allocations that glibc maps whole: a
    /// grown segment's old block is resized (its pages moved, not copied) into the next
    /// segment's bigger one, and never leaves a hole in the heap.
    static var segmentBits: UInt64 { 4 }

    /// A table sized for `expectedCount` entries without growing. Restoring a saved table
    /// needs this: its keys come in slot order, and inserting sorted keys into a smaller,
    /// growing table packs them into one long probe run (quadratic time).
    package init(expectedCount: Int = 0) {
        let perSegment = expectedCount >> SegmentedTable.segmentBits
        let size = max(64, perSegment + perSegment / 3 + 16)
        segments = (0..<(1 << SegmentedTable.segmentBits)).map { _ in Segment(size: size) }
    }

    package var count: Int { segments.reduce(0) { $0 + $1.count } }

    package var isEmpty: Bool { segments.allSatisfy { $0.count == 0 } }

    /// Bytes held by the table's storage (the spare block too).
    package var storageBytes: Int {
        segments.reduce(spare?.bytes ?? 0) { $0 + $1.slots.bytes }
    }

    @inline(__always)
    private static func segment(of hash: UInt64) -> Int { Int(hash >> (64 - segmentBits)) }

    package subscript(key: Key) -> Value? {
        let hash = key.mixedHash
        let segment = segments[SegmentedTable.segment(of: hash)]
        let (slot, found) = segment.locate(key, hash: hash)
        return found ? segment.slots.values[slot] : nil
    }

    /// Adds or replaces the value for `key`.
    package mutating func set(_ key: Key, _ value: Value) {
        let hash = key.mixedHash
        let index = SegmentedTable.segment(of: hash)
        let slot = segments[index].place(key, hash: hash, spare: &spare).slot
        segments[index].slots.values[slot] = value
    }

    /// Changes the value for `key` in place, starting from `initial` when the key is new.
    package mutating func modify(_ key: Key, default initial: @autoclosure () -> Value, _ body: (inout Value) -> Void) {
        let hash = key.mixedHash
        let index = SegmentedTable.segment(of: hash)
        let (slot, found) = segments[index].place(key, hash: hash, spare: &spare)
        let values = segments[index].slots.values
        if !found { values[slot] = initial() }
        body(&values[slot])
    }

    /// Replaces, in place, every value for which `transform` returns a new one.
    package mutating func update(_ transform: (Key, Value) -> Value?) {
        for index in segments.indices {
            segments[index].own()
            let slots = segments[index].slots
            for slot in 0..<slots.size where slots.keys[slot] != Key.vacant {
                if let new = transform(slots.keys[slot], slots.values[slot]) { slots.values[slot] = new }
            }
        }
    }

    /// Calls `body` with every key and value, in slot order.
    package func forEach(_ body: (Key, Value) throws -> Void) rethrows {
        for segment in segments {
            let slots = segment.slots
            for slot in 0..<slots.size where slots.keys[slot] != Key.vacant {
                try body(slots.keys[slot], slots.values[slot])
            }
        }
    }
}
