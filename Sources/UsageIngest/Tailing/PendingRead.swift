import Dispatch
import Synchronization

/// The batches of a window being read on other threads.
final class PendingRead: Sendable {
    private let batches = Mutex<[FileBatch]?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ result: [FileBatch]) {
        batches.withLock { $0 = result }
        done.signal()
    }

    /// True once the batches are in: ``wait()`` then returns at once.
    var isFinished: Bool { batches.withLock { $0 != nil } }

    /// Waits for the window and takes its batches.
    func wait() -> [FileBatch] {
        done.wait()
        return batches.withLock { $0 ?? [] }
    }
}
