import Dispatch
import Synchronization
import UsageSystem

/// Reads a window of files on every core: one worker per core pulls the next file from a
/// shared counter, and the batches come back in job order.
final class ParallelFileReader: Sendable {
    private let workers: [ClaudeCodeFileReader]
    /// Its own thread for windows read ahead: the global pool is only as wide as the cores and
    /// may be busy with other blocking work, which would stall ingestion.
    private let readAhead = DispatchQueue(label: "llm-usage-exporter.read-ahead")

    init(
        maxLineBytes: Int, workers count: Int = ParallelFileReader.defaultWorkers, chunkBytes: Int = 64 << 10,
        checksEveryLine: Bool = false, countsActivity: Bool = true
    ) {
        workers = (0..<max(1, count)).map { _ in
            ClaudeCodeFileReader(
                maxLineBytes: maxLineBytes, chunkBytes: chunkBytes, checksEveryLine: checksEveryLine,
                countsActivity: countsActivity)
        }
    }

    /// The online cores, at most 8: reading is memory-bound well before that.
    static var defaultWorkers: Int {
        min(8, Cores.online)
    }

    func read(_ jobs: [FileReadJob], stopAfter: UInt64) -> [FileBatch] {
        if jobs.count == 1 || workers.count == 1 {
            return jobs.map { workers[0].read($0, stopAfter: stopAfter) }
        }
        let results = Mutex([FileBatch?](repeating: nil, count: jobs.count))
        let next = Atomic<Int>(0)
        let pool = workers
        DispatchQueue.concurrentPerform(iterations: min(pool.count, jobs.count)) { worker in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let batch = pool[worker].read(jobs[index], stopAfter: stopAfter)
                results.withLock { $0[index] = batch }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Starts reading on other threads, so the caller can count the previous window meanwhile.
    func start(_ jobs: [FileReadJob], stopAfter: UInt64) -> PendingRead {
        let pending = PendingRead()
        readAhead.async {
            pending.finish(self.read(jobs, stopAfter: stopAfter))
        }
        return pending
    }
}
