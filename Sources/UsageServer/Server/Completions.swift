import Synchronization
import UsageSystem

/// Responses the workers finished, for the loop to send: posted from any thread, taken by
/// the loop when the pipe wakes it. The pipe's write end is closed with the last reference,
/// so a worker finishing after the loop ended never writes to a descriptor reused since.
final class Completions: Sendable {
    struct Completion: Sendable {
        let fd: Int32
        let serial: UInt64
        let response: HTTPResponse
    }

    private let finished = Mutex<[Completion]>([])
    private let wakeWrite: Int32

    init(wakeWrite: Int32) {
        self.wakeWrite = wakeWrite
    }

    deinit { Socket.close(wakeWrite) }

    func post(_ completion: Completion) {
        finished.withLock { $0.append(completion) }
        Socket.wake(wakeWrite)
    }

    func take() -> [Completion] {
        finished.withLock { finished in
            defer { finished = [] }
            return finished
        }
    }
}
