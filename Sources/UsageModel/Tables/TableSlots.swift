import UsageSystem

/// One segment's slots in one block: `size` keys (``SlotKey/vacant`` marks an empty slot), then
/// `size` values (read only where the key is set, so never initialised before). Keys and
/// values are plain data (no references): slots are overwritten and dropped without deinit.
///
/// A class so that a grown segment can hand its block on: a table keeps the block of the last
/// segment that grew and makes the next segment's bigger block from it (``init(size:reusing:)``),
/// so a cold scan faults in about the table's final size once instead of every size it grew
/// through (a quarter at a time: five times the final size; half of all page faults on 1.2 GB
/// were the dedup table's).
final class TableSlots<Key: SlotKey, Value: Sendable>: @unchecked Sendable {
    let size: Int
    let keys: UnsafeMutablePointer<Key>
    let values: UnsafeMutablePointer<Value>
    private var block: UnsafeMutableRawPointer?

    /// Empty slots; from `spare`'s block when given (its slots are then gone).
    init(size: Int, reusing spare: TableSlots? = nil) {
        assert(_isPOD(Key.self) && _isPOD(Value.self), "table slots hold plain data only")
        let block = Allocator.resize(spare?.takeBlock(), bytes: TableSlots.blockBytes(size))
        self.size = size
        self.block = block
        keys = block.bindMemory(to: Key.self, capacity: size)
        keys.initialize(repeating: Key.vacant, count: size)
        values = (block + TableSlots.keyBytes(size)).bindMemory(to: Value.self, capacity: size)
    }

    /// A copy (a table copied and then changed: value semantics).
    func copy() -> TableSlots {
        let copy = TableSlots(size: size)
        copy.keys.update(from: keys, count: size)
        copy.values.update(from: values, count: size)
        return copy
    }

    var bytes: Int { block == nil ? 0 : TableSlots.blockBytes(size) }

    /// The block of `size` slots: the keys, then the values.
    private static func blockBytes(_ size: Int) -> Int { keyBytes(size) + size * MemoryLayout<Value>.stride }

    /// The keys' bytes, rounded up so that the values after them are aligned.
    private static func keyBytes(_ size: Int) -> Int {
        let alignment = MemoryLayout<Value>.alignment
        return (size * MemoryLayout<Key>.stride + alignment - 1) / alignment * alignment
    }

    private func takeBlock() -> UnsafeMutableRawPointer? {
        defer { block = nil }
        return block
    }

    deinit {
        if let block { Allocator.release(block) }
    }
}
