/// Requests already counted, by the 64-bit hash of their (message id, request id).
///
/// A ``SegmentedTable`` keyed by the hash itself: 40 bytes a slot, no per-entry allocation, no
/// rehashing of keys that are already well mixed (``StableHash/finalized``), every segment
/// 64-80 % full: 50 to 63 bytes per distinct request (and one spare block, a segment's),
/// whatever the bytes of history behind them.
package struct DedupTable: Sendable {
    private var table: SegmentedTable<UInt64, DedupEntry>

    /// A key of 0 marks an empty slot; the one hash that is really 0 is stored as this.
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A table sized for `expectedCount` entries without growing (a restored table's keys come
    /// in slot order: see ``SegmentedTable/init(expectedCount:)``).
    package init(expectedCount: Int = 0) {
        table = SegmentedTable(expectedCount: expectedCount)
    }

    package var count: Int { table.count }

    package var isEmpty: Bool { table.isEmpty }

    /// Bytes held by the table's storage.
    package var storageBytes: Int { table.storageBytes }

    package subscript(key: UInt64) -> DedupEntry? { table[DedupTable.stored(key)] }

    /// Adds or replaces the entry for `key`.
    package mutating func set(_ key: UInt64, _ entry: DedupEntry) {
        table.set(DedupTable.stored(key), entry)
    }

    /// Replaces, in place, every entry for which `transform` returns a new one.
    package mutating func update(_ transform: (DedupEntry) -> DedupEntry?) {
        table.update { transform($1) }
    }

    /// Every (key, entry), in slot order.
    package var all: [(key: UInt64, entry: DedupEntry)] {
        var all: [(key: UInt64, entry: DedupEntry)] = []
        all.reserveCapacity(table.count)
        table.forEach { all.append(($0, $1)) }
        return all
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroKey : key }
}
