package import UsageModel
package import UsageSystem

/// Claude Code transcripts: every `*.jsonl` below `projects/` of each config root.
package final class ClaudeCodeSource: UsageSource {
    /// The model's name for the source of the five-hour blocks: declared there, once.
    package static let sourceName = UsageLedger.blockSource
    package let name = ClaudeCodeSource.sourceName
    package private(set) var statuses: [SourceStatus]

    private let projectDirs: [(configured: String, projects: String)]
    private let logger: Logger
    private let reader: ParallelFileReader
    var labeler: ProjectLabeler
    /// The `user` label of every series ("" for none).
    let user: String
    /// Tools, edits, prompts, API errors and sessions are counted too.
    let countsActivity: Bool
    var tracker = FileTracker()
    private var reporter: SourceReporter
    package var rejectionExamples: [RejectReason: [String]] { reporter.examples }
    package var readProblems: [String] { reporter.problems }
    /// The series of each model, per project label: a file's models are looked up here once
    /// per batch instead of hashing a whole series key per line.
    var seriesByProject: [String: [String: SeriesID]] = [:]
    private var polled = false

    /// - Parameter roots: config roots (`~/.claude`) or their `projects/` folders.
    /// Files last modified before this (Unix nanoseconds) are not read: a report from a date on
    /// cannot find anything in them, since a line is written before its file's last change.
    package var skipFilesModifiedBefore: Int64?

    /// - Parameter checksEveryLine: for `check`: lines without usage are validated too, and
    ///   malformed ones counted as rejected.
    package convenience init(
        roots: [String], maxLineBytes: Int, projectLabels: ProjectLabelMode, logger: Logger,
        checksEveryLine: Bool = false, user: String = "", countsActivity: Bool = true
    ) {
        self.init(
            roots: roots, maxLineBytes: maxLineBytes, projectLabels: projectLabels, logger: logger,
            windowBytes: 64 << 20, turnBytes: 16 << 20, chunkBytes: 64 << 10, checksEveryLine: checksEveryLine,
            user: user, countsActivity: countsActivity)
    }

    /// Window, turn and read sizes other than the defaults are for tests of the reading order.
    init(
        roots: [String], maxLineBytes: Int, projectLabels: ProjectLabelMode, logger: Logger, windowBytes: UInt64,
        turnBytes: UInt64, chunkBytes: Int, checksEveryLine: Bool = false, user: String = "",
        countsActivity: Bool = true
    ) {
        self.user = user
        self.countsActivity = countsActivity
        self.windowBytes = windowBytes
        self.turnBytes = turnBytes
        self.projectDirs = roots.map { root in
            let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
            let isProjects = trimmed.split(separator: "/").last == "projects"
            return (root, isProjects ? trimmed : trimmed + "/projects")
        }
        self.statuses = roots.map {
            SourceStatus(source: ClaudeCodeSource.sourceName, path: $0, state: .missing, files: 0)
        }
        self.logger = logger
        self.reporter = SourceReporter(source: ClaudeCodeSource.sourceName, logger: logger)
        self.reader = ParallelFileReader(
            maxLineBytes: maxLineBytes, chunkBytes: chunkBytes, checksEveryLine: checksEveryLine,
            countsActivity: countsActivity)
        self.labeler = ProjectLabeler(mode: projectLabels)
    }

    /// Bytes of file data read per window: bounds the decoded lines held before they are counted.
    let windowBytes: UInt64
    /// Bytes one file contributes to a window; a larger file is read in turns.
    let turnBytes: UInt64

    package func poll(into ledger: inout UsageLedger) {
        ledger.register(source: name)
        var seen: Set<FileIdentity> = []
        var queue = ReadQueue()
        for (index, dirs) in projectDirs.enumerated() {
            // Each folder's files are queued as soon as it is listed, and windows are read on the
            // workers while the walk goes on.
            scan(index: index, dirs: dirs, ledger: &ledger) { discovered, ledger in
                for file in discovered where seen.insert(file.identity).inserted {
                    if let job = tail(file, ledger: &ledger) { queue.append(job, turnBytes: turnBytes) }
                }
                // When the walk runs far ahead of the reading, it waits for full windows: the
                // queue stays a few windows long, not a job for every file of the tree.
                read(&queue, untilDone: false, waitingWhileQueued: 4 * ReadQueue.windowFiles, ledger: &ledger)
            }
        }
        read(&queue, untilDone: true, ledger: &ledger)
        // Files no longer found were deleted or moved away: forget them, keep what they counted.
        let forgotten = tracker.forget(notIn: seen)
        ledger.withHealth(of: name) { health in
            health.filesWatched = tracker.files.count
            health.filesForgotten += forgotten
        }
        endPass(ledger: &ledger)
        if countsActivity { ledger.activityBackfilled() }
        polled = true
    }

    package var watchedTrees: [String]? { projectDirs.map(\.projects) }

    package func poll(into ledger: inout UsageLedger, changed paths: Set<String>) {
        ledger.register(source: name)
        var seen: Set<FileIdentity> = []
        var queue = ReadQueue()
        for path in paths.sorted() where path.hasSuffix(".jsonl") {
            guard let dirs = projectDirs.first(where: { path.hasPrefix($0.projects + "/") }),
                let status = try? FileSystem.status(path), status.kind == .regular,
                seen.insert(status.identity).inserted
            else { continue }
            let relative = path.dropFirst(dirs.projects.count + 1)
            let folder = relative.contains("/") ? String(relative.prefix { $0 != "/" }) : ""
            let found = tracker.found(status, at: path, projectFolder: folder)
            if let job = tail(found, ledger: &ledger) { queue.append(job, turnBytes: turnBytes) }
        }
        read(&queue, untilDone: true, ledger: &ledger)
        ledger.withHealth(of: name) { $0.filesWatched = tracker.files.count }
        endPass(ledger: &ledger)
    }

    private func scan(
        index: Int, dirs: (configured: String, projects: String), ledger: inout UsageLedger,
        found: ([DiscoveredFile], inout UsageLedger) -> Void
    ) {
        do {
            _ = try FileSystem.status(dirs.projects)
        } catch {
            if error.isNotFound {
                statuses[index] = reporter.missing(
                    dirs.configured, checked: dirs.projects, was: statuses[index], firstPoll: !polled)
            } else {
                reporter.report(WalkProblem(error, path: dirs.projects), ledger: &ledger)
                statuses[index] = SourceStatus(
                    source: name, path: dirs.configured, state: .error(error.description), files: 0)
            }
            return
        }
        let walk = ProjectsWalker.walk(dirs.projects) { found($0, &ledger) }
        for problem in walk.problems { reporter.report(problem, ledger: &ledger) }
        statuses[index] = reporter.walked(dirs.configured, problems: walk.problems, files: walk.fileCount)
    }

    /// Updates a found file's state; returns a job when it has new bytes to read.
    private func tail(_ found: DiscoveredFile, ledger: inout UsageLedger) -> FileReadJob? {
        if let limit = skipFilesModifiedBefore, found.mtime < limit { return nil }
        return tracker.update(found) { reason, message in
            ledger.withHealth(of: name) { $0[reason] += 1 }
            logger.info(message, ["path": found.path])
        }
    }

    /// Reads the queued jobs on every core, a window at a time, and counts each file's batch
    /// in job order: every line once, each file's lines in order, the files in the order they
    /// were found. Two windows are read at once while the one before is counted. A large
    /// file's next turn joins the window started right after its turn's window is counted
    /// out: the next but one, whatever the timing, so the counting order never depends on
    /// which thread was faster. Until `untilDone`, it only starts full windows and counts
    /// windows already read, and returns without waiting unless `waitingWhileQueued` jobs or
    /// more are queued (a window taken part-full at a moment the timing chose would move the
    /// windows after it).
    private func read(
        _ queue: inout ReadQueue, untilDone: Bool, waitingWhileQueued limit: Int = .max, ledger: inout UsageLedger
    ) {
        while true {
            while queue.inFlight.count < ReadQueue.windowsInFlight, canStartWindow(queue, untilDone: untilDone) {
                startWindow(&queue)
            }
            // The oldest window is counted once the next one is started (or none can be): its
            // files' next turns then always join the window after that.
            guard let oldest = queue.inFlight.first,
                queue.inFlight.count == ReadQueue.windowsInFlight || untilDone && queue.isEmpty,
                untilDone || queue.count >= limit || oldest.isFinished
            else { return }
            var batches = oldest.wait()
            queue.inFlight.removeFirst()
            // A large file's next turn comes before the files not yet started, keeping its lines in order.
            var unfinished: [FileReadJob] = []
            for (job, batch) in zip(oldest.jobs, batches)
            where batch.outcome.totals.stoppedEarly && batch.outcome.error == nil {
                unfinished.append(FileReadJob(identity: job.identity, file: batch.outcome.file, size: job.size))
            }
            queue.prepend(unfinished, turnBytes: turnBytes)
            if canStartWindow(queue, untilDone: untilDone) { startWindow(&queue) }
            for (job, batch) in zip(oldest.jobs, batches) {
                apply(batch, job: job, ledger: &ledger)
            }
            reader.recycle(&batches)
        }
    }

    private func canStartWindow(_ queue: ReadQueue, untilDone: Bool) -> Bool {
        !queue.isEmpty && (untilDone || queue.fillsWindow(windowBytes: windowBytes))
    }

    private func startWindow(_ queue: inout ReadQueue) {
        let window = queue.takeWindow(windowBytes: windowBytes, turnBytes: turnBytes)
        queue.inFlight.append(reader.start(window, stopAfter: turnBytes))
    }

    private func apply(_ batch: FileBatch, job: FileReadJob, ledger: inout UsageLedger) {
        let path = job.file.path
        guard reporter.settle(batch.outcome, rejections: batch.rejections, job: job, tracker: &tracker, ledger: &ledger)
        else { return }
        guard !batch.records.isEmpty else { return }
        // The label is decided on the folder's first batch, then cached: once per file is enough.
        let project = labeler.label(folder: job.file.projectFolder, cwds: batch.cwds)
        // Each session and branch of the file, interned once.
        let contexts = batch.contexts.map { context in
            let branch = context.gitBranch ?? ""
            let session = context.sessionID.map {
                ledger.internSession(SessionKey(source: name, project: project, sessionID: $0, gitBranch: branch))
            }
            return (session: session, branch: ledger.internBranch(branch))
        }
        // A series is made for a model only when a counted line needs it: a rejected line's model
        // (it is in the file's table all the same) never appears as a series with no requests.
        var series = [SeriesID?](repeating: nil, count: batch.models.count)
        // A session is counted from its first main-thread line.
        let sessionKeys = countsActivity ? ClaudeCodeSource.sessionKeys(batch.contexts) : []
        var sessionSeen = [Bool](repeating: false, count: batch.contexts.count)
        var agents = AgentBatch()
        for (usage, number) in batch.records {
            let context = usage.context == ClaudeCodeLine.noContext ? nil : contexts[Int(usage.context)]
            if let reset = usage.limitResetSeconds { ledger.noteLimitReset(seconds: reset) }
            if usage.activity != ClaudeCodeLine.noActivity {
                count(batch.activities[Int(usage.activity)], of: batch, ledger: &ledger)
            }
            if countsActivity, !usage.isSidechain, usage.context != ClaudeCodeLine.noContext,
                !sessionSeen[Int(usage.context)]
            {
                sessionSeen[Int(usage.context)] = true
                if let key = sessionKeys[Int(usage.context)] {
                    ledger.withActivity { $0.session(key: key, source: name, user: user) }
                }
            }
            guard usage.countsUsage else { continue }
            let index = Int(usage.modelIndex)
            let id: SeriesID
            if let cached = series[index] {
                id = cached
            } else {
                // Once per model and file: the project's table, else a new series (written in
                // place: a copy of the project's table per file would cost more than its lookups).
                let model = batch.models[index]
                if let known = seriesByProject[project]?[model] {
                    id = known
                } else {
                    id = ledger.intern(
                        SeriesKey(source: name, provider: "anthropic", model: model, project: project, user: user))
                    seriesByProject[project, default: [:]][model] = id
                }
                series[index] = id
            }
            let outcome = count(usage, series: id, context: context, agents: &agents, ledger: &ledger)
            if case .countedUnpriced(firstForModel: true) = outcome {
                reporter.unpriced(model: batch.models[index], path: path, line: number)
            }
        }
        if countsActivity { ledger.withActivity { agents.flush(into: &$0, source: name, user: user) } }
    }

    private func count(
        _ usage: ClaudeCodeLine, series: SeriesID, context: (session: SessionID?, branch: UInt32)?,
        agents: inout AgentBatch, ledger: inout UsageLedger
    ) -> RecordOutcome {
        let record = UsageRecord(
            series: series, tokens: usage.tokens, reportedCostUSD: usage.costUSD,
            timestampMillis: usage.timestampMillis,
            dedupKey: usage.dedupKey, isSidechain: usage.isSidechain, isFast: usage.isFast, session: context?.session,
            branch: context?.branch ?? 0)
        return countsActivity ? ledger.add(record, run: usage.run, agents: &agents) : ledger.add(record)
    }
}
