/// Requests already counted, by the 64-bit hash of their (message id, request id).
///
/// Open addressing with linear probing over two flat arrays (keys, entries): 40 bytes a slot,
/// no per-entry allocation, and no rehashing of keys that are already well mixed
/// (``StableHash/finalized``). The table grows by half at 80 % load, so it holds between 50
/// and 75 bytes per distinct request, whatever the bytes of history behind them.
public struct DedupTable: Sendable {
    private var keys: [UInt64]
    private var entries: [DedupEntry]
    public private(set) var count = 0

    /// A key of 0 marks an empty slot; the one hash that is really 0 is stored as this.
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let empty = DedupEntry(tokens: .zero, costUSD: 0, series: 0, flags: 0)

    public init(capacity: Int = 1024) {
        let size = max(16, capacity)
        keys = [UInt64](repeating: 0, count: size)
        entries = [DedupEntry](repeating: DedupTable.empty, count: size)
    }

    public var isEmpty: Bool { count == 0 }

    /// Bytes held by the table's storage.
    public var storageBytes: Int { keys.count * (MemoryLayout<UInt64>.stride + MemoryLayout<DedupEntry>.stride) }

    public subscript(key: UInt64) -> DedupEntry? {
        let (slot, found) = locate(DedupTable.stored(key))
        return found ? entries[slot] : nil
    }

    /// Adds or replaces the entry for `key`.
    public mutating func set(_ key: UInt64, _ entry: DedupEntry) {
        let stored = DedupTable.stored(key)
        var (slot, found) = locate(stored)
        if !found {
            if (count + 1) * 5 > keys.count * 4 {
                grow()
                slot = locate(stored).slot
            }
            keys[slot] = stored
            count += 1
        }
        entries[slot] = entry
    }

    /// Every (key, entry), in slot order.
    public var all: [(key: UInt64, entry: DedupEntry)] {
        keys.indices.compactMap { keys[$0] == 0 ? nil : (keys[$0], entries[$0]) }
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? zeroKey : key }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func locate(_ key: UInt64) -> (slot: Int, found: Bool) {
        let size = keys.count
        // The high bits of key x size: a uniform slot without a power-of-two size.
        var slot = Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(size)).high)
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

    private mutating func grow() {
        let old = (keys, entries)
        let size = keys.count + keys.count / 2
        keys = [UInt64](repeating: 0, count: size)
        entries = [DedupEntry](repeating: DedupTable.empty, count: size)
        for index in old.0.indices where old.0[index] != 0 {
            let slot = locate(old.0[index]).slot
            keys[slot] = old.0[index]
            entries[slot] = old.1[index]
        }
    }
}
