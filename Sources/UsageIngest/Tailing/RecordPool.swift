import Synchronization

/// Record arrays large enough to be mapped whole (see `Allocator`), kept for later files
/// instead of being unmapped once counted and faulted in again page by page for the next
/// large file: on 1.2 GB that was most of the exporter's page faults.
final class RecordPool: Sendable {
    /// Arrays of fewer records come from the heap and are reused there anyway.
    static let smallest = 1024
    /// Arrays kept at most: a few windows' large files.
    static let kept = 16

    private let spare = Mutex<[FileBatch.Records]>([])

    /// An empty array for at least `capacity` records: a kept one when one is large enough.
    func take(capacity: Int) -> FileBatch.Records {
        if capacity >= RecordPool.smallest {
            let kept = spare.withLock { spare -> FileBatch.Records? in
                let fitting = spare.indices.filter { spare[$0].capacity >= capacity }
                guard let best = fitting.min(by: { spare[$0].capacity < spare[$1].capacity }) else { return nil }
                return spare.remove(at: best)
            }
            if let kept { return kept }
        }
        var records = FileBatch.Records()
        records.reserveCapacity(capacity)
        return records
    }

    /// Keeps a counted file's array for a later one (the smallest kept one makes room).
    func give(_ records: consuming FileBatch.Records) {
        guard records.capacity >= RecordPool.smallest else { return }
        // The only reference (the batch gave its array up): emptied in place, not copied.
        var emptied = consume records
        emptied.removeAll(keepingCapacity: true)
        spare.withLock { spare in
            if spare.count < RecordPool.kept {
                spare.append(emptied)
            } else if let smallest = spare.indices.min(by: { spare[$0].capacity < spare[$1].capacity }),
                spare[smallest].capacity < emptied.capacity
            {
                spare[smallest] = emptied
            }
        }
    }
}
