import UsageModel
import UsageSystem

/// Counts a source's rejected lines and unreadable paths, and logs each kind once: one message
/// per file and reason, one per lasting problem, the counters have the rest.
struct SourceReporter {
    let source: String
    let logger: Logger
    private var reportedProblems: Set<String> = []
    private var loggedRejections: Set<String> = []
    /// A few `path:line` of rejected lines per reason, for `check`.
    private(set) var examples: [RejectReason: [String]] = [:]
    /// Paths that could not be read, with the error.
    private(set) var problems: [String] = []

    init(source: String, logger: Logger) {
        self.source = source
        self.logger = logger
    }

    mutating func reject(_ reason: RejectReason, path: String, line: UInt64, ledger: inout UsageLedger) {
        ledger.withHealth(of: source) { $0[reason] += 1 }
        let key = reason.rawValue + "\u{0}" + path
        if loggedRejections.insert(key).inserted {
            logger.warn("line rejected", ["source": source, "reason": reason.rawValue, "path": "\(path):\(line)"])
        }
        if examples[reason, default: []].count < 3 { examples[reason, default: []].append("\(path):\(line)") }
    }

    mutating func report(_ problem: WalkProblem, ledger: inout UsageLedger) {
        guard reportedProblems.insert(problem.path).inserted else { return }
        problems.append(problem.message)
        ledger.withHealth(of: source) { $0[problem.reason] += 1 }
        logger.warn(
            "cannot read source path", ["source": source, "reason": problem.reason.rawValue, "error": problem.message])
    }

    /// A path readable again: its next problem is reported anew.
    mutating func recovered(_ path: String) {
        reportedProblems.remove(path)
    }

    /// The status of a configured path that does not exist (`checked` is what was looked
    /// for), warning when it goes missing: at the first poll, or after it was there.
    func missing(_ configured: String, checked: String, was previous: SourceStatus, firstPoll: Bool) -> SourceStatus {
        if firstPoll || previous.state != .missing {
            logger.warn(
                "source path does not exist; it will be read when it appears", ["source": source, "path": checked])
        }
        return SourceStatus(source: source, path: configured, state: .missing, files: 0)
    }

    /// The status of a path that was walked: ok, or the first problem met.
    func walked(_ configured: String, problems: [WalkProblem], files: Int) -> SourceStatus {
        SourceStatus(
            source: source, path: configured, state: problems.isEmpty ? .ok : .error(problems[0].message), files: files)
    }

    /// What every source does once a file has been read: a failure is reported (a file gone
    /// since the walk is not one), a file rewritten in place is counted and logged, and else the
    /// file's new position is kept, its lines and bytes counted and its rejected lines reported.
    /// False when nothing was read to keep (a failure, or another file now at the path).
    mutating func settle(
        _ outcome: FileTail.Outcome, rejections: [(reason: RejectReason, number: UInt64)], job: FileReadJob,
        tracker: inout FileTracker, ledger: inout UsageLedger
    ) -> Bool {
        let path = job.file.path
        if let error = outcome.error {
            if !error.isNotFound { report(WalkProblem(error, path: path), ledger: &ledger) }
            return false
        }
        // Replaced between the walk and the open: the next poll sees the new file.
        if outcome.identityChanged { return false }
        if outcome.rewritten {
            ledger.withHealth(of: source) { $0[FileResetReason.truncated] += 1 }
            logger.info("file rewritten in place; reading it again from its start", ["path": path])
        }
        tracker.files[job.identity] = outcome.file
        recovered(path)
        ledger.withHealth(of: source) { health in
            health.linesRead += outcome.totals.lines
            health.bytesRead += outcome.totals.bytes
        }
        for (reason, number) in rejections { reject(reason, path: path, line: number, ledger: &ledger) }
        return true
    }

    /// Logs the first unpriced request of a model.
    func unpriced(model: String, path: String, line: UInt64) {
        logger.warn(
            "model has no price; its requests are counted in llm_usage_unpriced_requests_total and cost nothing until priced (--pricing.file)",
            ["source": source, "model": model, "path": "\(path):\(line)"])
    }
}
