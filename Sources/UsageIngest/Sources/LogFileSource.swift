import UsageModel
import UsageSystem

/// A source of JSON-lines usage logs (Codex sessions, team usage records, prompt audits,
/// application events): finds its files, tails each from where it stopped, and counts what
/// its decoder makes of every new line.
///
/// The files are read on the ingest thread, one after another, each line applied as it is
/// read: these logs are small next to Claude Code's, and their lines depend on earlier ones
/// (a Codex turn's model; an audit waiting for its usage record).
final class LogFileSource<Decoder: LogLineDecoder>: UsageSource {
    let name = Decoder.sourceName
    private(set) var statuses: [SourceStatus]

    private let discovery: LogDiscovery
    private let reader: LineReader
    private let logger: Logger
    private var decoder: Decoder
    private var reporter: SourceReporter
    var rejectionExamples: [RejectReason: [String]] { reporter.examples }
    var readProblems: [String] { reporter.problems }
    private var tracker = FileTracker()
    private var contexts: [FileIdentity: Decoder.Context] = [:]
    private var polled = false
    var skipFilesModifiedBefore: Int64?

    init(discovery: LogDiscovery, decoder: Decoder, maxLineBytes: Int, logger: Logger) {
        self.discovery = discovery
        self.decoder = decoder
        self.reader = LineReader(maxLineBytes: maxLineBytes)
        self.logger = logger
        self.reporter = SourceReporter(source: Decoder.sourceName, logger: logger)
        self.statuses = discovery.configured.map {
            SourceStatus(source: Decoder.sourceName, path: $0, state: .missing, files: 0)
        }
    }

    func poll(into ledger: inout UsageLedger) {
        ledger.register(source: name)
        var seen: Set<FileIdentity> = []
        for index in statuses.indices {
            var problems: [WalkProblem] = []
            let found = discovery.find(index, problems: &problems)
            for problem in problems { reporter.report(problem, ledger: &ledger) }
            let path = statuses[index].path
            guard let found else {
                statuses[index] = reporter.missing(path, checked: path, was: statuses[index], firstPoll: !polled)
                continue
            }
            statuses[index] = reporter.walked(path, problems: problems, files: found.count)
            for file in found where seen.insert(file.identity).inserted {
                tail(file, ledger: &ledger)
            }
        }
        let forgotten = tracker.forget(notIn: seen)
        for identity in contexts.keys where tracker.files[identity] == nil { contexts[identity] = nil }
        ledger.withHealth(of: name) { health in
            health.filesWatched = tracker.files.count
            health.filesForgotten += forgotten
        }
        polled = true
    }

    var watchedTrees: [String]? {
        guard case .folders(let roots, let subfolders) = discovery else { return nil }
        return roots.flatMap { root in
            subfolders.map { (root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root) + "/" + $0 }
        }
    }

    /// Reads the changed `*.jsonl` files below the trees, each from where it stopped (each
    /// file's lines depend only on its own earlier lines: a Codex session's model).
    func poll(into ledger: inout UsageLedger, changed paths: Set<String>) {
        let trees = (watchedTrees ?? []).map { $0 + "/" }
        ledger.register(source: name)
        var seen: Set<FileIdentity> = []
        for path in paths.sorted() where path.hasSuffix(".jsonl") && trees.contains(where: { path.hasPrefix($0) }) {
            guard let status = try? FileSystem.status(path), status.kind == .regular,
                seen.insert(status.identity).inserted
            else { continue }
            tail(tracker.found(status, at: path, projectFolder: ""), ledger: &ledger)
        }
        ledger.withHealth(of: name) { $0.filesWatched = tracker.files.count }
    }

    /// Updates a found file's state and reads its new lines.
    private func tail(_ file: DiscoveredFile, ledger: inout UsageLedger) {
        if let limit = skipFilesModifiedBefore, file.mtime < limit { return }
        let job = tracker.update(file) { reason, message in
            ledger.withHealth(of: name) { $0[reason] += 1 }
            logger.info(message, ["path": file.path])
        }
        if let job { read(job, ledger: &ledger) }
    }

    private func read(_ job: FileReadJob, ledger: inout UsageLedger) {
        let path = job.file.path
        var context =
            job.file.position.offset == 0 ? Decoder.emptyContext : contexts[job.identity] ?? Decoder.emptyContext
        var rejections: [(reason: RejectReason, number: UInt64)] = []
        let outcome = FileTail.read(
            job, stopAfter: .max, reader: reader,
            line: { bytes, number in
                // Line 1 again: the file is read from its start, and so is its context.
                if number == 1 { context = Decoder.emptyContext }
                do throws(RejectReason) {
                    if let effect = try decoder.decode(bytes, context: &context) {
                        apply(effect, path: path, line: number, ledger: &ledger)
                    }
                } catch {
                    rejections.append((error, number))
                }
            },
            overlong: { number in rejections.append((.overlong, number)) })
        guard reporter.settle(outcome, rejections: rejections, job: job, tracker: &tracker, ledger: &ledger) else {
            return
        }
        contexts[job.identity] = context
    }

    private func apply(_ effect: LogLineEffect, path: String, line: UInt64, ledger: inout UsageLedger) {
        switch effect {
        case .usage(var usage):
            usage.record.series = ledger.intern(usage.key)
            usage.record.branch = ledger.internBranch(usage.branch)
            if let session = usage.session, !session.isEmpty {
                usage.record.session = ledger.internSession(
                    SessionKey(source: name, project: usage.key.project, sessionID: session, gitBranch: usage.branch))
            }
            switch ledger.add(usage.record) {
            case .countedUnpriced(firstForModel: true):
                reporter.unpriced(model: usage.key.model, path: path, line: line)
                fallthrough
            case .counted, .countedUnpriced:
                if var cacheMiss = usage.cacheMiss {
                    cacheMiss.provider = ledger.key(of: usage.record.series).provider
                    ledger.addCacheLookup(cacheMiss, key: nil)
                }
            case .duplicate, .raised:
                break
            }
            if let actual = usage.actual { ledger.recordActual(session: actual.session, actual: actual.tokens) }
        case .cacheHit(let lookup, let key):
            ledger.addCacheLookup(lookup, key: key)
        case .captureFailure(let reason, let key):
            ledger.addCaptureFailure(source: name, reason: reason, key: key)
        case .audit(let session, let estimated, let actual, let key):
            ledger.addAudit(session: session, estimated: estimated, actual: actual, key: key)
        }
    }

    func encodeState(into writer: inout StateWriter) {
        tracker.encode(into: &writer)
        let identities = contexts.keys.filter { tracker.files[$0] != nil }.sorted {
            ($0.device, $0.inode) < ($1.device, $1.inode)
        }
        writer.write(identities.count)
        for identity in identities {
            writer.write(identity.device)
            writer.write(identity.inode)
            Decoder.encode(contexts[identity]!, into: &writer)
        }
    }

    func restoreState(from reader: inout StateReader) throws(StateError) {
        let restored = try FileTracker.decode(from: &reader)
        var restoredContexts: [FileIdentity: Decoder.Context] = [:]
        for _ in 0..<(try reader.readCount(minimumItemBytes: 16)) {
            let identity = FileIdentity(device: try reader.readUInt64(), inode: try reader.readUInt64())
            restoredContexts[identity] = try Decoder.decodeContext(from: &reader)
        }
        tracker = restored
        contexts = restoredContexts
    }
}
