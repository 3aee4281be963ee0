import Testing
import UsageModel

@testable import UsageIngest

@Suite struct RecordPoolTests {
    private func address(_ records: FileBatch.Records) -> UnsafeRawPointer? {
        records.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// A large file's array goes back to the pool once counted, and the next large file writes
    /// into the same memory instead of fresh pages.
    @Test func aLargeArrayIsReusedInPlace() {
        let pool = RecordPool()
        var records = pool.take(capacity: 3000)
        records.append((ClaudeCodeLine(dedupKey: 1, tokens: .zero, timestampMillis: 0), 1))
        let used = address(records)
        pool.give(consume records)
        let again = pool.take(capacity: 2500)
        #expect(address(again) == used)
        #expect(again.isEmpty && again.capacity >= 3000)
        // None kept is large enough: a new array of the size asked for.
        #expect(pool.take(capacity: 5000).capacity >= 5000)
        // A small array is not kept: the heap reuses those anyway.
        var small = pool.take(capacity: 100)
        small.append((ClaudeCodeLine(dedupKey: 2, tokens: .zero, timestampMillis: 0), 1))
        pool.give(consume small)
        #expect(pool.take(capacity: 1).capacity < RecordPool.smallest)
    }
}
