import Dispatch
import Synchronization
import UsageSystem

/// Reads windows of files on every core. The workers take the jobs of every window started,
/// in order, from one list: a worker done with its last file of a window goes on with the
/// next window's first instead of waiting for the window's largest file, and each window's
/// batches come back in job order.
final class ParallelFileReader: Sendable {
    private struct Job {
        let window: PendingRead
        let index: Int
        let stopAfter: UInt64
    }

    private struct Jobs {
        var waiting: [Job] = []
        var head = 0
        /// Workers with no job, each waiting to be handed one.
        var idle: [Int]
    }

    private let workers: [ClaudeCodeFileReader]
    private let pool = RecordPool()
    /// One thread per worker (a serial queue each): the global pool is only as wide as the
    /// cores and may be busy with other blocking work, which would stall ingestion.
    private let threads: [DispatchQueue]
    private let jobs: Mutex<Jobs>

    init(
        maxLineBytes: Int, workers count: Int = ParallelFileReader.defaultWorkers, chunkBytes: Int = 64 << 10,
        checksEveryLine: Bool = false, countsActivity: Bool = true
    ) {
        let count = max(1, count)
        let pool = pool
        workers = (0..<count).map { _ in
            ClaudeCodeFileReader(
                maxLineBytes: maxLineBytes, chunkBytes: chunkBytes, checksEveryLine: checksEveryLine,
                countsActivity: countsActivity, pool: pool)
        }
        threads = (0..<count).map { DispatchQueue(label: "llm-usage-exporter.read-\($0)") }
        jobs = Mutex(Jobs(idle: Array((0..<count).reversed())))
    }

    /// The online cores, at most 8: reading is memory-bound well before that.
    static var defaultWorkers: Int {
        min(8, Cores.online)
    }

    /// Starts reading a window after the windows already started, so the caller can count
    /// earlier windows meanwhile.
    func start(_ window: [FileReadJob], stopAfter: UInt64) -> PendingRead {
        let pending = PendingRead(window)
        let woken = jobs.withLock { jobs in
            jobs.waiting += window.indices.map { Job(window: pending, index: $0, stopAfter: stopAfter) }
            let woken = jobs.idle.suffix(min(jobs.idle.count, window.count))
            jobs.idle.removeLast(woken.count)
            return Array(woken)
        }
        for worker in woken {
            threads[worker].async { self.work(worker) }
        }
        return pending
    }

    /// Takes the record arrays of counted batches back for later files.
    func recycle(_ batches: inout [FileBatch]) {
        for index in batches.indices {
            let records = batches[index].records
            batches[index].records = []
            pool.give(consume records)
        }
    }

    /// Reads jobs until none is left, then waits idle for the next window.
    private func work(_ worker: Int) {
        while true {
            let next: Job? = jobs.withLock { jobs in
                guard jobs.head < jobs.waiting.count else {
                    jobs.waiting.removeAll(keepingCapacity: true)
                    jobs.head = 0
                    jobs.idle.append(worker)
                    return nil
                }
                jobs.head += 1
                let job = jobs.waiting[jobs.head - 1]
                // Jobs taken leave the list now and then, not one by one.
                if jobs.head >= 1024, jobs.head * 2 >= jobs.waiting.count {
                    jobs.waiting.removeFirst(jobs.head)
                    jobs.head = 0
                }
                return job
            }
            guard let job = next else { return }
            job.window.finish(
                job.index, with: workers[worker].read(job.window.jobs[job.index], stopAfter: job.stopAfter))
        }
    }
}
