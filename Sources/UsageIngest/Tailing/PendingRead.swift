import Dispatch
import Synchronization

/// The batches of a window being read on other threads, filled in job order as the workers
/// finish each file.
final class PendingRead: Sendable {
    private struct Filling {
        var batches: [FileBatch?]
        var remaining: Int
    }

    /// The window's jobs, in the order their batches are counted.
    let jobs: [FileReadJob]
    private let filling: Mutex<Filling>
    private let done = DispatchSemaphore(value: 0)

    init(_ jobs: [FileReadJob]) {
        self.jobs = jobs
        filling = Mutex(Filling(batches: [FileBatch?](repeating: nil, count: jobs.count), remaining: jobs.count))
        if jobs.isEmpty { done.signal() }
    }

    /// The batch of job `index`; the last one in lets ``wait()`` return.
    func finish(_ index: Int, with batch: FileBatch) {
        let complete = filling.withLock { filling in
            filling.batches[index] = batch
            filling.remaining -= 1
            return filling.remaining == 0
        }
        if complete { done.signal() }
    }

    /// True once every batch is in: ``wait()`` then returns at once.
    var isFinished: Bool { filling.withLock { $0.remaining == 0 } }

    /// Waits for the window and takes its batches.
    func wait() -> [FileBatch] {
        done.wait()
        return filling.withLock { filling in
            let batches = filling.batches.map { $0! }
            filling.batches = []
            return batches
        }
    }
}
