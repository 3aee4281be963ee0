import Foundation
import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

/// What is put where a log was: a FIFO or a device never holds a reader in `open`.
@Suite(.timeLimit(.minutes(1))) struct HostileFilesTests {
    private func makeFIFO(_ path: String) throws {
        try #require(mkfifo(path, 0o600) == 0, "mkfifo \(path): \(String(cString: strerror(errno)))")
    }

    /// The walk saw a regular file; before it is opened a FIFO (no writer) takes its path.
    @Test func aFIFOSwappedInBetweenWalkAndReadIsNotReadAndDoesNotBlock() throws {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1"))
        let path = tree.path("projects/-p/s.jsonl")
        let status = try FileSystem.status(path)
        var tracker = FileTracker()
        let found = DiscoveredFile(
            path: path, projectFolder: "-p", identity: status.identity, size: status.size,
            mtime: status.modifiedNanos)
        let job = try #require(tracker.update(found) { _, _ in })
        tree.remove("projects/-p/s.jsonl")
        try makeFIFO(path)
        let started = Date()
        let outcome = FileTail.read(
            job, stopAfter: .max, reader: LineReader(maxLineBytes: 1 << 20), line: { _, _ in }, overlong: { _ in })
        #expect(outcome.identityChanged)
        #expect(outcome.totals.lines == 0)
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// A source whose folder holds a FIFO named like a log: skipped, and the real log counted.
    @Test func aFIFOInTheTreeIsSkipped() throws {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 7))
        try makeFIFO(tree.path("projects/-p/pipe.jsonl"))
        let source = ClaudeCodeSource(
            roots: [tree.root], maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true))
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(ledger.counters.totals.reduce(0) { $0 + $1.tokens.output } == 7)
        #expect(ledger.counters.health["claude_code"]?.filesWatched == 1)
    }

    /// Price files, config files: read whole, and a FIFO in their place is an error at once.
    @Test func aFIFOWhereAWholeFileIsReadIsAnError() throws {
        let tree = TempTree()
        try makeFIFO(tree.path("prices.json"))
        #expect(throws: SystemError(call: "read", path: tree.path("prices.json"), errno: SystemError.notRegularFile)) {
            _ = try FileBytes.read(tree.path("prices.json"))
        }
        #expect(
            SystemError(call: "read", path: "/x", errno: SystemError.notRegularFile).description
                == "cannot read /x: not a regular file")
    }
}
