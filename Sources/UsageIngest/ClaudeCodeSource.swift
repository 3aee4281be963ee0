import Glibc
public import UsageModel

/// Claude Code transcripts: every `*.jsonl` below `projects/` of each config root.
public final class ClaudeCodeSource: UsageSource {
    public static let sourceName = "claude_code"
    public let name = ClaudeCodeSource.sourceName
    public private(set) var statuses: [SourceStatus]

    private let projectDirs: [(configured: String, projects: String)]
    private let logger: Logger
    private let reader: LineReader
    private var decoder = ClaudeCodeDecoder()
    private var labeler: ProjectLabeler
    private var files: [FileIdentity: TrackedFile] = [:]
    private var identityAtPath: [String: FileIdentity] = [:]
    /// Problems already counted and logged, so a lasting one is reported once, not every poll.
    private var reportedProblems: Set<String> = []
    private var loggedRejections: Set<String> = []
    private var lastSeries: (model: String, project: String, id: SeriesID)?
    private var polled = false

    /// - Parameter roots: config roots (`~/.claude`) or their `projects/` folders.
    public init(roots: [String], maxLineBytes: Int, projectLabels: ProjectLabelMode, logger: Logger) {
        self.projectDirs = roots.map { root in
            let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
            let isProjects = trimmed.split(separator: "/").last == "projects"
            return (root, isProjects ? trimmed : trimmed + "/projects")
        }
        self.statuses = roots.map {
            SourceStatus(source: ClaudeCodeSource.sourceName, path: $0, state: .missing, files: 0)
        }
        self.logger = logger
        self.reader = LineReader(maxLineBytes: maxLineBytes)
        self.labeler = ProjectLabeler(mode: projectLabels)
    }

    public func poll(into ledger: inout UsageLedger) {
        ledger.register(source: name)
        var seen: Set<FileIdentity> = []
        for (index, dirs) in projectDirs.enumerated() {
            let discovered = scan(index: index, dirs: dirs, ledger: &ledger)
            for file in discovered where seen.insert(file.identity).inserted {
                tail(file, ledger: &ledger)
            }
        }
        // Files no longer found were deleted or moved away: forget them, keep what they counted.
        for identity in files.keys where !seen.contains(identity) {
            if let path = files[identity]?.path, identityAtPath[path] == identity { identityAtPath[path] = nil }
            files[identity] = nil
        }
        ledger.withHealth(of: name) { $0.filesWatched = files.count }
        polled = true
    }

    private func scan(
        index: Int, dirs: (configured: String, projects: String), ledger: inout UsageLedger
    )
        -> [DiscoveredFile]
    {
        var info = stat()
        guard stat(dirs.projects, &info) == 0 else {
            let error = SystemError(call: "stat", path: dirs.projects, errno: errno)
            if error.isNotFound {
                if !polled || statuses[index].state != .missing {
                    logger.warn(
                        "source path does not exist; it will be read when it appears",
                        ["source": name, "path": dirs.projects])
                }
                statuses[index] = SourceStatus(source: name, path: dirs.configured, state: .missing, files: 0)
            } else {
                report(
                    WalkProblem(
                        path: dirs.projects, reason: error.isPermissionDenied ? .permissionDenied : .ioError,
                        message: error.description),
                    ledger: &ledger)
                statuses[index] = SourceStatus(
                    source: name, path: dirs.configured, state: .error(error.description), files: 0)
            }
            return []
        }
        let walk = ProjectsWalker.walk(dirs.projects)
        for problem in walk.problems { report(problem, ledger: &ledger) }
        let state: SourceStatus.State = walk.problems.isEmpty ? .ok : .error(walk.problems[0].message)
        statuses[index] = SourceStatus(source: name, path: dirs.configured, state: state, files: walk.files.count)
        return walk.files
    }

    private func tail(_ found: DiscoveredFile, ledger: inout UsageLedger) {
        var file: TrackedFile
        if let known = files[found.identity] {
            file = known
            file.path = found.path
        } else {
            file = TrackedFile(
                path: found.path, projectFolder: found.projectFolder, position: TailPosition(), sizeAtLastRead: nil)
            if let previous = identityAtPath[found.path], previous != found.identity {
                ledger.withHealth(of: name) { $0[FileResetReason.replaced] += 1 }
                logger.info("file replaced; reading the new one from its start", ["path": found.path])
            }
        }
        identityAtPath[found.path] = found.identity
        if found.size < file.position.offset {
            ledger.withHealth(of: name) { $0[FileResetReason.truncated] += 1 }
            logger.info("file truncated; reading it again from its start", ["path": found.path])
            file.position = TailPosition()
            file.sizeAtLastRead = nil
        }
        if found.size > file.position.offset, found.size != file.sizeAtLastRead {
            read(&file, identity: found.identity, ledger: &ledger)
        }
        files[found.identity] = file
    }

    private func read(_ file: inout TrackedFile, identity: FileIdentity, ledger: inout UsageLedger) {
        let path = file.path
        do {
            let fd = try SystemCall.open(path)
            defer { close(fd) }
            let info = try SystemCall.status(of: fd, path: path)
            // Replaced between the walk and the open: the next poll sees the new file.
            guard FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) == identity else { return }
            if file.headLength > 0, try headHash(fd, path: path, length: file.headLength) != file.headHash {
                ledger.withHealth(of: name) { $0[FileResetReason.truncated] += 1 }
                logger.info("file rewritten in place; reading it again from its start", ["path": path])
                file.position = TailPosition()
                file.headLength = 0
            }
            if file.headLength == 0
                || file.headLength < TrackedFile.headBytes && UInt64(file.headLength) < UInt64(info.st_size)
            {
                file.headLength = Int(min(UInt64(TrackedFile.headBytes), UInt64(info.st_size)))
                file.headHash = try headHash(fd, path: path, length: file.headLength)
            }
            let folder = file.projectFolder
            let totals = try reader.read(
                fd: fd, path: path, from: &file.position,
                line: { bytes, number in self.handle(bytes, path: path, line: number, folder: folder, ledger: &ledger)
                },
                overlong: { number in self.reject(.overlong, path: path, line: number, ledger: &ledger) })
            file.sizeAtLastRead = UInt64(info.st_size)
            ledger.withHealth(of: name) { health in
                health.linesRead += totals.lines
                health.bytesRead += totals.bytes
            }
            reportedProblems.remove(path)
        } catch {
            if error.isNotFound { return }
            report(
                WalkProblem(
                    path: path, reason: error.isPermissionDenied ? .permissionDenied : .ioError,
                    message: error.description),
                ledger: &ledger)
        }
    }

    private func headHash(_ fd: Int32, path: String, length: Int) throws(SystemError) -> UInt64 {
        var head = [UInt8](repeating: 0, count: length)
        let result = head.withUnsafeMutableBytes { buffer in
            Result { () throws(SystemError) -> Int in
                try SystemCall.pread(fd, buffer.baseAddress!, length, 0, path: path)
            }
        }
        let count = try result.get()
        var hash = StableHash()
        head.withUnsafeBufferPointer { hash.combine(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        return hash.finalized
    }

    private func handle(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, line: UInt64, folder: String, ledger: inout UsageLedger
    ) {
        switch decoder.decode(bytes) {
        case .ignored:
            return
        case .rejected(let reason):
            reject(reason, path: path, line: line, ledger: &ledger)
        case .record(let usage):
            let project = labeler.label(folder: folder, cwd: usage.cwd)
            let series: SeriesID
            if let last = lastSeries, last.model == usage.model, last.project == project {
                series = last.id
            } else {
                series = ledger.intern(
                    SeriesKey(source: name, provider: "anthropic", model: usage.model, project: project))
                lastSeries = (usage.model, project, series)
            }
            let record = UsageRecord(
                series: series, tokens: usage.tokens, reportedCostUSD: usage.costUSD,
                timestampMillis: usage.timestampMillis,
                dedupKey: usage.dedupKey, isSidechain: usage.isSidechain, isFast: usage.isFast)
            if case .countedUnpriced(firstForModel: true) = ledger.add(record) {
                logger.warn(
                    "model has no price; its requests are counted in llm_usage_unpriced_requests_total and cost nothing until priced (--pricing.file)",
                    ["source": name, "model": usage.model, "path": "\(path):\(line)"])
            }
        }
    }

    private func reject(_ reason: RejectReason, path: String, line: UInt64, ledger: inout UsageLedger) {
        ledger.withHealth(of: name) { $0[reason] += 1 }
        // One message per file and reason; the counter has the rest.
        let key = reason.rawValue + "\u{0}" + path
        if loggedRejections.insert(key).inserted {
            logger.warn("line rejected", ["source": name, "reason": reason.rawValue, "path": "\(path):\(line)"])
        }
    }

    private func report(_ problem: WalkProblem, ledger: inout UsageLedger) {
        guard reportedProblems.insert(problem.path).inserted else { return }
        ledger.withHealth(of: name) { $0[problem.reason] += 1 }
        logger.warn(
            "cannot read source path", ["source": name, "reason": problem.reason.rawValue, "error": problem.message])
    }
}
