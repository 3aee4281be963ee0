import UsageSystem

/// One dedup segment's slots in one block: `size` keys (0 marks an empty slot), then `size`
/// entries (read only where the key is set, so never initialised before).
///
/// A class so that a grown segment can hand its block on: the table keeps the block of the
/// last segment that grew and makes the next segment's bigger block from it (``init(size:reusing:)``),
/// so a cold scan faults in about the table's final size once instead of every size it grew
/// through (a quarter at a time: five times the final size, half of all page faults on 1.2 GB).
final class DedupSlots: @unchecked Sendable {
    let size: Int
    let keys: UnsafeMutablePointer<UInt64>
    let entries: UnsafeMutablePointer<DedupEntry>
    private var block: UnsafeMutableRawPointer?

    /// Empty slots; from `spare`'s block when given (its slots are then gone).
    init(size: Int, reusing spare: DedupSlots? = nil) {
        let keyBytes = size * MemoryLayout<UInt64>.stride
        let block = Allocator.resize(spare?.takeBlock(), bytes: keyBytes + size * MemoryLayout<DedupEntry>.stride)
        self.size = size
        self.block = block
        keys = block.bindMemory(to: UInt64.self, capacity: size)
        keys.initialize(repeating: 0, count: size)
        entries = (block + keyBytes).bindMemory(to: DedupEntry.self, capacity: size)
    }

    /// A copy (a table copied and then changed: value semantics).
    func copy() -> DedupSlots {
        let copy = DedupSlots(size: size)
        copy.keys.update(from: keys, count: size)
        copy.entries.update(from: entries, count: size)
        return copy
    }

    var bytes: Int { block == nil ? 0 : size * (MemoryLayout<UInt64>.stride + MemoryLayout<DedupEntry>.stride) }

    private func takeBlock() -> UnsafeMutableRawPointer? {
        defer { block = nil }
        return block
    }

    deinit {
        if let block { Allocator.release(block) }
    }
}
