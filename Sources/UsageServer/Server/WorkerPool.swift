import Dispatch
import Synchronization

/// A few threads for the work the server's loop must not do itself (a bcrypt check costs tens
/// of milliseconds), with a bounded queue: when it is full, ``submit(_:)`` says no and the
/// request is answered 503 at once instead of waiting behind a flood.
final class WorkerPool: Sendable {
    private let workers: Int
    private let capacity: Int
    private let state = Mutex<State>(State())

    private struct State {
        var pending: [@Sendable () -> Void] = []
        var running = 0
    }

    /// `workers` jobs at once, and at most `queued` more waiting.
    init(workers: Int, queued: Int) {
        self.workers = max(1, workers)
        capacity = self.workers + max(0, queued)
    }

    /// Queues `job`; false when the queue is full.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let startWorker = state.withLock { state -> Bool? in
            guard state.pending.count + state.running < capacity else { return nil }
            state.pending.append(job)
            guard state.running < workers else { return false }
            state.running += 1
            return true
        }
        guard let startWorker else { return false }
        if startWorker { DispatchQueue.global().async { self.work() } }
        return true
    }

    private func work() {
        while let job = state.withLock({ state -> (@Sendable () -> Void)? in
            guard !state.pending.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.pending.removeFirst()
        }) {
            job()
        }
    }
}
