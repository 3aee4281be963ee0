/// Files waiting to be read, the windows being read, and what is planned: the state of one
/// poll's reading, filled while the folders are still being walked.
struct ReadQueue {
    private var jobs: [FileReadJob] = []
    private var head = 0
    /// Bytes the queued jobs will read in their next turn.
    private(set) var plannedBytes: UInt64 = 0
    /// The windows being read on the workers, oldest first: at most ``windowsInFlight``.
    var inFlight: [PendingRead] = []

    /// Windows read at once: the workers go on with the next window while the oldest one's
    /// largest file is still being read, and while the ingest thread counts the one before.
    static let windowsInFlight = 2

    var isEmpty: Bool { head == jobs.count }

    /// Jobs queued.
    var count: Int { jobs.count - head }

    /// Files a window holds at most: many small files are read (and their batches held) a few
    /// hundred at a time, not all at once.
    static let windowFiles = 512

    /// Windows taken so far in this poll.
    private var windowsTaken = 0

    /// The first windows of a poll are small and double up to the full size: the workers
    /// start on the first files found instead of idling while the walk lists a full window.
    /// They follow from how many windows were taken, never from timing.
    private func limits(windowBytes: UInt64) -> (bytes: UInt64, files: Int) {
        let doublings = min(windowsTaken, 10)
        return (min(windowBytes, (1 << 20) << doublings), min(ReadQueue.windowFiles, 16 << doublings))
    }

    /// Enough queued for a window: its bytes, or its files.
    func fillsWindow(windowBytes: UInt64) -> Bool {
        let limits = limits(windowBytes: windowBytes)
        return plannedBytes >= limits.bytes || count >= limits.files
    }

    mutating func append(_ job: FileReadJob, turnBytes: UInt64) {
        jobs.append(job)
        plannedBytes += min(job.pendingBytes, turnBytes)
    }

    /// Puts jobs before every queued one: a large file's next turn comes before the files not yet started.
    mutating func prepend(_ first: [FileReadJob], turnBytes: UInt64) {
        guard !first.isEmpty else { return }
        jobs = first + jobs[head...]
        head = 0
        plannedBytes += first.reduce(0) { $0 + min($1.pendingBytes, turnBytes) }
    }

    /// The next jobs, up to `windowBytes` of planned reading and ``windowFiles`` files (less for
    /// the first windows of a poll; at least one job).
    mutating func takeWindow(windowBytes: UInt64, turnBytes: UInt64) -> [FileReadJob] {
        let limits = limits(windowBytes: windowBytes)
        windowsTaken += 1
        var taken: [FileReadJob] = []
        var planned: UInt64 = 0
        while head < jobs.count {
            let bytes = min(jobs[head].pendingBytes, turnBytes)
            guard taken.isEmpty || planned + bytes <= limits.bytes && taken.count < limits.files else { break }
            taken.append(jobs[head])
            planned += bytes
            head += 1
        }
        plannedBytes -= planned
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= ReadQueue.windowFiles, head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return taken
    }
}
